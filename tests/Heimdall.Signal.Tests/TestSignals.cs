using System.Buffers.Binary;
using System.Numerics;

namespace Heimdall.Signal.Tests;

/// <summary>Reference signals for tests, built independently of the code under test.</summary>
internal static class TestSignals
{
    /// <summary>A complex tone amplitude·exp(j2πft) plus complex white Gaussian noise of total power <paramref name="noisePower"/> (full-scale units).</summary>
    public static Complex[] ToneWithNoise(int count, double sampleRateHz, double toneHz, double amplitude, double noisePower, int seed) =>
        Tones(count, sampleRateHz, [(amplitude, toneHz)], noisePower, seed);

    /// <summary>Sum of complex tones (amplitude, frequency) plus complex white Gaussian noise of total power <paramref name="noisePower"/>.</summary>
    public static Complex[] Tones(int count, double sampleRateHz, (double Amplitude, double FrequencyHz)[] tones, double noisePower, int seed)
    {
        var random = new Random(seed);
        var sigma = Math.Sqrt(noisePower / 2);
        var samples = new Complex[count];
        for (var n = 0; n < count; n++)
        {
            var x = new Complex(sigma * Gaussian(random), sigma * Gaussian(random));
            foreach (var (amplitude, frequency) in tones)
            {
                // The phase is reduced modulo one cycle in exact arithmetic on n, so long captures keep full precision.
                var cycles = frequency * n / sampleRateHz;
                x += Complex.FromPolarCoordinates(amplitude, 2 * Math.PI * (cycles - Math.Floor(cycles)));
            }

            samples[n] = x;
        }

        return samples;
    }

    /// <summary>
    /// A complex tone plus complex Gaussian noise of density <paramref name="noiseDensity"/> (full-scale power per Hz)
    /// inside <paramref name="lowHz"/> … <paramref name="highHz"/> and nothing outside: what a receiver whose filter passes
    /// only that band delivers. The noise is built in the frequency domain (a Gaussian coefficient on every DFT bin of the
    /// band, none elsewhere) and brought to the time domain by an inverse FFT written here, so the band's edges are exact.
    /// <paramref name="count"/> must be a power of two.
    /// </summary>
    public static Complex[] ToneInBandLimitedNoise(int count, double sampleRateHz, double lowHz, double highHz, double noiseDensity, double toneHz, double amplitude, int seed)
    {
        var random = new Random(seed);
        var spectrum = new Complex[count];
        // x[n] = Σ X[k]·exp(j2πkn/N): a coefficient of variance σ² adds σ² of power spread over one bin of fs/N Hz.
        var sigma = Math.Sqrt(noiseDensity * sampleRateHz / count / 2);
        for (var k = 0; k < count; k++)
        {
            var frequency = (k < count / 2 ? k : k - count) * sampleRateHz / count;
            if (frequency >= lowHz && frequency <= highHz)
            {
                spectrum[k] = new Complex(sigma * Gaussian(random), sigma * Gaussian(random));
            }
        }

        var samples = InverseFft(spectrum);
        for (var n = 0; n < count; n++)
        {
            var cycles = toneHz * n / sampleRateHz;
            samples[n] += Complex.FromPolarCoordinates(amplitude, 2 * Math.PI * (cycles - Math.Floor(cycles)));
        }

        return samples;
    }

    /// <summary>x[n] = Σ_k X[k]·exp(+j2πkn/N), radix 2, unnormalised.</summary>
    private static Complex[] InverseFft(Complex[] spectrum)
    {
        var n = spectrum.Length;
        var x = new Complex[n];
        var bits = System.Numerics.BitOperations.Log2((uint)n);
        for (var i = 0; i < n; i++)
        {
            var reversed = 0;
            for (var b = 0; b < bits; b++)
            {
                reversed |= ((i >> b) & 1) << (bits - 1 - b);
            }

            x[reversed] = spectrum[i];
        }

        for (var size = 2; size <= n; size *= 2)
        {
            var step = Complex.FromPolarCoordinates(1, 2 * Math.PI / size);
            for (var start = 0; start < n; start += size)
            {
                var twiddle = Complex.One;
                for (var j = 0; j < size / 2; j++)
                {
                    var even = x[start + j];
                    var odd = twiddle * x[start + j + (size / 2)];
                    x[start + j] = even + odd;
                    x[start + j + (size / 2)] = even - odd;
                    twiddle *= step;
                }
            }
        }

        return x;
    }

    /// <summary>Mean |x|² computed directly.</summary>
    public static double MeanPower(IEnumerable<Complex> samples) => samples.Average(x => (x.Real * x.Real) + (x.Imaginary * x.Imaginary));

    /// <summary>Interleaved little-endian float32 I/Q (SigMF cf32_le).</summary>
    public static byte[] ToCf32(Complex[] samples)
    {
        var bytes = new byte[samples.Length * 8];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 * i), (float)samples[i].Real);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((8 * i) + 4), (float)samples[i].Imaginary);
        }

        return bytes;
    }

    /// <summary>Interleaved little-endian int16 I/Q (SigMF ci16_le): value·32768, rounded and clipped to the int16 range.</summary>
    public static byte[] ToCi16(Complex[] samples)
    {
        var bytes = new byte[samples.Length * 4];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * i), Ci16(samples[i].Real));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * i) + 2), Ci16(samples[i].Imaginary));
        }

        return bytes;
    }

    /// <summary>Interleaved offset-binary bytes (SigMF cu8, as rtl-sdr): 127.5 + value·127.5, rounded and clipped to 0…255.</summary>
    public static byte[] ToCu8(Complex[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            bytes[2 * i] = Cu8(samples[i].Real);
            bytes[(2 * i) + 1] = Cu8(samples[i].Imaginary);
        }

        return bytes;
    }

    private static short Ci16(double value) => (short)Math.Clamp(Math.Round(value * 32768), short.MinValue, short.MaxValue);

    private static byte Cu8(double value) => (byte)Math.Clamp(Math.Round(127.5 + (value * 127.5)), 0, 255);

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
