using System.Buffers.Binary;
using System.Numerics;

namespace Heimdall.Cli.Tests;

/// <summary>
/// A complex tone in complex white noise of total power <see cref="NoisePower"/> as recorded, encoded as a SigMF datatype
/// without Heimdall.Signal, and the mean power of the samples exactly as encoded (the format's documented normalisation:
/// ci16_le /32768, cu8 (v − 127.5)/127.5, cf32_le as is).
/// </summary>
internal static class TestTone
{
    public const double SampleRateHz = 12_000;
    public const int SampleCount = 120_000;
    public const double ToneHz = 1234.5;
    public const double Amplitude = 0.1;
    public const double NoisePower = 1e-4;

    /// <summary>10·log10(0.1² / 1e-4) = 20 dB.</summary>
    public const double SnrDb = 20;

    /// <summary>
    /// Samples to be encoded as <paramref name="datatype"/>. Rounding to the format's step q adds white noise of q²/12 per
    /// component; the Gaussian noise is that much weaker so that the recording holds <see cref="NoisePower"/> in all
    /// (for cu8, q = 1/127.5 adds 1.0e-5, which would otherwise lower the SNR by 0.4 dB).
    /// </summary>
    public static Complex[] Samples(string datatype, int seed = 7, double amplitude = Amplitude)
    {
        var random = new Random(seed);
        var step = datatype switch
        {
            "ci16_le" => 1 / 32768.0,
            "cu8" => 1 / 127.5,
            _ => 0,
        };
        var sigma = Math.Sqrt((NoisePower / 2) - (step * step / 12));
        var samples = new Complex[SampleCount];
        for (var n = 0; n < samples.Length; n++)
        {
            var tone = Complex.FromPolarCoordinates(amplitude, 2 * Math.PI * ToneHz * n / SampleRateHz);
            samples[n] = tone + new Complex(sigma * Gaussian(random), sigma * Gaussian(random));
        }

        return samples;
    }

    public static byte[] Encode(Complex[] samples, string datatype)
    {
        ArgumentNullException.ThrowIfNull(samples);
        switch (datatype)
        {
            case "ci16_le":
                var ci16 = new byte[samples.Length * 4];
                for (var n = 0; n < samples.Length; n++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(ci16.AsSpan(n * 4), Ci16(samples[n].Real));
                    BinaryPrimitives.WriteInt16LittleEndian(ci16.AsSpan((n * 4) + 2), Ci16(samples[n].Imaginary));
                }

                return ci16;
            case "cu8":
                var cu8 = new byte[samples.Length * 2];
                for (var n = 0; n < samples.Length; n++)
                {
                    cu8[2 * n] = Cu8(samples[n].Real);
                    cu8[(2 * n) + 1] = Cu8(samples[n].Imaginary);
                }

                return cu8;
            case "cf32_le":
                var cf32 = new byte[samples.Length * 8];
                for (var n = 0; n < samples.Length; n++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(cf32.AsSpan(n * 8), (float)samples[n].Real);
                    BinaryPrimitives.WriteSingleLittleEndian(cf32.AsSpan((n * 8) + 4), (float)samples[n].Imaginary);
                }

                return cf32;
            default:
                throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "Not a datatype these tests write.");
        }
    }

    /// <summary>10·log10(mean |x|²) of <paramref name="data"/> decoded with the format's normalisation.</summary>
    public static double MeanPowerDbfs(byte[] data, string datatype)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (bytesPerSample, component) = datatype switch
        {
            "ci16_le" => (4, (Func<byte[], int, double>)((d, i) => BinaryPrimitives.ReadInt16LittleEndian(d.AsSpan(i * 2)) / 32768.0)),
            "cu8" => (2, (d, i) => (d[i] - 127.5) / 127.5),
            "cf32_le" => (8, (d, i) => BinaryPrimitives.ReadSingleLittleEndian(d.AsSpan(i * 4))),
            _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "Not a datatype these tests write."),
        };
        var components = data.Length / (bytesPerSample / 2);
        var sum = 0.0;
        for (var i = 0; i < components; i++)
        {
            var x = component(data, i);
            sum += x * x;
        }

        return 10 * Math.Log10(sum / (components / 2));
    }

    private static short Ci16(double x) => (short)Math.Clamp(Math.Round(x * 32768), short.MinValue, short.MaxValue);

    private static byte Cu8(double x) => (byte)Math.Clamp(Math.Round((x * 127.5) + 127.5), 0, 255);

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
