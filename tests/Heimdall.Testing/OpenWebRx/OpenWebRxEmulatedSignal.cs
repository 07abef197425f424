using System.Buffers.Binary;
using System.Numerics;

namespace Heimdall.Testing.OpenWebRx;

/// <summary>
/// What one client of the emulated server receives of the radio: a carrier in complex white noise, as OpenWebRX's csdr
/// chains would deliver it. FFT lines: csdr's Hamming-windowed FFT, |X|² averaged over the line's FFTs, 10·log10 − 70 dB,
/// the halves swapped (bin 0 at centre − rate/2); the carrier's bins simulated FFT by FFT, the others drawn from the
/// χ² law of an average of exponentials. Audio: the real part of the passband around the dial (one sideband), the noise
/// band-limited by a FIR filter, through an AGC that has settled (a fixed gain to a quarter of full scale). S-meter: the
/// mean power in the passband, as the squelch block measures it over 150 samples. The codecs are IMA ADPCM as csdr codes them.
/// </summary>
public sealed class OpenWebRxEmulatedSignal(OpenWebRxEmulatorOptions options, int seed)
{
    private readonly Random _random = new(seed);
    private readonly AdpcmEncoder _audioCodec = new();
    private readonly Dictionary<double, Complex> _responses = [];
    private double[] _window = [];
    private double _tonePhase;
    private double[] _noiseHistory = [];
    private (double Rate, double Low, double High, double[] Taps)? _filter;
    private int _untilSync;

    /// <summary>One FFT line of a profile, coded as the server sends it (after the type byte).</summary>
    public byte[] FftLine(OpenWebRxEmulatedProfile profile)
    {
        var n = options.FftSize;
        var averages = options.FftAverages ?? Math.Max(1, (int)Math.Round(profile.SampleRateHz / n / options.FftFps / 0.7));
        if (_window.Length != n)
        {
            _window = [.. Enumerable.Range(0, n).Select(i => 0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (n - 1))))];
            _responses.Clear();
        }

        var window = _window;
        var energy = window.Sum(w => w * w);
        var noiseBin = options.NoiseDensityPerHz * profile.SampleRateHz * energy;
        var binHz = profile.SampleRateHz / n;
        var toneBin = ((options.ToneFrequencyHz - profile.CenterFrequencyHz) / binHz) + (n / 2.0);
        var levels = new double[n];
        for (var k = 0; k < n; k++)
        {
            levels[k] = noiseBin * Gamma(averages) / averages;
        }

        var nearest = (int)Math.Round(toneBin);
        for (var k = Math.Max(0, nearest - 8); k <= Math.Min(n - 1, nearest + 8); k++)
        {
            if (!_responses.TryGetValue(k - toneBin, out var shape))
            {
                shape = _responses[k - toneBin] = WindowResponse(window, k - toneBin);
            }

            var response = shape * options.ToneAmplitude;
            var sum = 0.0;
            for (var a = 0; a < averages; a++)
            {
                var x = (response * Complex.FromPolarCoordinates(1, 2 * Math.PI * _random.NextDouble())) + Gaussian(noiseBin);
                sum += (x.Real * x.Real) + (x.Imaginary * x.Imaginary);
            }

            levels[k] = sum / averages;
        }

        var db = levels.Select(l => (float)((10 * Math.Log10(l)) - 70)).ToArray();
        if (options.FftCompression != "adpcm")
        {
            var raw = new byte[n * 4];
            for (var k = 0; k < n; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * k), db[k]);
            }

            return raw;
        }

        // csdr: the codec reset for every line, which is led by 10 copies of its first value; values in hundredths of a dB.
        var codec = new AdpcmEncoder();
        var values = Enumerable.Repeat(db[0], 10).Concat(db).Select(v => (short)Math.Clamp(v * 100, short.MinValue, short.MaxValue)).ToArray();
        return codec.Encode(values);
    }

    /// <summary>
    /// <paramref name="count"/> samples of one sideband around <paramref name="dialHz"/>, passband
    /// <paramref name="lowHz"/>…<paramref name="highHz"/> (negative for the lower sideband), at <paramref name="rate"/>.
    /// </summary>
    public short[] Audio(int count, double rate, double dialHz, double lowHz, double highHz)
    {
        var offset = options.ToneFrequencyHz - dialHz;
        var inside = offset >= lowHz && offset <= highHz;
        var audioHz = Math.Abs(offset);
        var band = Math.Abs(highHz - lowHz);
        var tonePower = inside ? options.ToneAmplitude * options.ToneAmplitude / 2 : 0;
        var noisePower = options.NoiseDensityPerHz * band / 2;
        var gain = 0.25 / Math.Sqrt(tonePower + noisePower);
        var taps = Taps(rate, Math.Abs(lowHz) < Math.Abs(highHz) ? Math.Abs(lowHz) : Math.Abs(highHz), Math.Max(Math.Abs(lowHz), Math.Abs(highHz)));
        var white = Math.Sqrt(options.NoiseDensityPerHz * rate / 4);
        var history = taps.Length - 1;
        var noise = new double[history + count];
        var kept = Math.Min(history, _noiseHistory.Length);
        _noiseHistory.AsSpan(_noiseHistory.Length - kept).CopyTo(noise.AsSpan(history - kept));
        for (var i = history; i < noise.Length; i++)
        {
            noise[i] = white * Normal();
        }

        _noiseHistory = noise[^history..];
        var output = new short[count];
        for (var i = 0; i < count; i++)
        {
            var filtered = 0.0;
            for (var j = 0; j < taps.Length; j++)
            {
                filtered += taps[j] * noise[i + history - j];
            }

            var tone = inside ? options.ToneAmplitude * Math.Cos(_tonePhase) : 0;
            _tonePhase = (_tonePhase + (2 * Math.PI * audioHz / rate)) % (2 * Math.PI);
            output[i] = (short)Math.Clamp(Math.Round(32767 * gain * (tone + filtered)), short.MinValue, short.MaxValue);
        }

        return output;
    }

    /// <summary>The audio coded as the server sends it: plain int16, or IMA ADPCM (with a sync block every 1000 bytes when <paramref name="sync"/>).</summary>
    public byte[] CodeAudio(short[] samples, bool adpcm, bool sync)
    {
        if (!adpcm)
        {
            var raw = new byte[samples.Length * 2];
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2 * i), samples[i]);
            }

            return raw;
        }

        var coded = new List<byte>((samples.Length / 2) + 16);
        for (var i = 0; i + 1 < samples.Length; i += 2)
        {
            if (sync && _untilSync-- <= 0)
            {
                coded.AddRange("SYNC"u8.ToArray());
                coded.AddRange(BitConverter.GetBytes((short)_audioCodec.Index));
                coded.AddRange(BitConverter.GetBytes((short)_audioCodec.Predictor));
                _untilSync = 1000 - 1;
            }

            coded.Add(_audioCodec.EncodePair(samples[i], samples[i + 1]));
        }

        return [.. coded];
    }

    /// <summary>
    /// An S-meter reading: the passband's mean |x|² over the m samples the squelch block takes (rate/16, every 5th), of
    /// the carrier S in noise N: the noise's own χ² spread and the carrier-noise cross term of variance 2·S·N/m.
    /// </summary>
    public double SMeter(double dialHz, double lowHz, double highHz, double rate)
    {
        var m = rate / 16 / 5;
        var offset = options.ToneFrequencyHz - dialHz;
        var tone = offset >= lowHz && offset <= highHz ? options.ToneAmplitude * options.ToneAmplitude : 0;
        var noise = options.NoiseDensityPerHz * Math.Abs(highHz - lowHz);
        return tone + (noise * Gamma(m) / m) + (Math.Sqrt(2 * tone * noise / m) * Normal());
    }

    /// <summary>A windowed-sinc band-pass from <paramref name="lowHz"/> to <paramref name="highHz"/> (a low-pass when low is 0; none when it reaches Nyquist).</summary>
    private double[] Taps(double rate, double lowHz, double highHz)
    {
        if (_filter is { } known && known.Rate == rate && known.Low == lowHz && known.High == highHz)
        {
            return known.Taps;
        }

        // As sharp as the server's band-pass: a transition of about 320 Hz (a Hamming-windowed sinc is 3.3·rate/length wide).
        var length = ((int)(3.3 * rate / 320) / 2 * 2) + 1;
        var taps = new double[length];
        if (lowHz <= 0 && highHz >= rate / 2)
        {
            taps = [1.0];
        }
        else
        {
            var (f1, f2) = (lowHz / rate, highHz / rate);
            for (var n = 0; n < length; n++)
            {
                var m = n - ((length - 1) / 2.0);
                var ideal = m == 0 ? 2 * (f2 - f1) : (Math.Sin(2 * Math.PI * f2 * m) - Math.Sin(2 * Math.PI * f1 * m)) / (Math.PI * m);
                taps[n] = ideal * (0.54 - (0.46 * Math.Cos(2 * Math.PI * n / (length - 1))));
            }

            // Unit power gain in the passband: Σh² equals the band's share of the white noise it passes, so scale to it.
            var power = taps.Sum(t => t * t);
            var share = 2 * (f2 - f1);
            for (var n = 0; n < length; n++)
            {
                taps[n] *= Math.Sqrt(share / power);
            }
        }

        _filter = (rate, lowHz, highHz, taps);
        return taps;
    }

    private static Complex WindowResponse(double[] window, double bins)
    {
        var sum = Complex.Zero;
        for (var i = 0; i < window.Length; i++)
        {
            sum += window[i] * Complex.FromPolarCoordinates(1, -2 * Math.PI * bins * i / window.Length);
        }

        return sum;
    }

    private Complex Gaussian(double power)
    {
        var sigma = Math.Sqrt(power / 2);
        return new Complex(sigma * Normal(), sigma * Normal());
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    /// <summary>A Gamma(shape, 1) draw (Marsaglia and Tsang): the sum of <paramref name="shape"/> exponentials.</summary>
    private double Gamma(double shape)
    {
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal();
            var v = Math.Pow(1 + (c * x), 3);
            if (v > 0 && Math.Log(1 - _random.NextDouble()) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>IMA ADPCM encoding, as csdr's AdpcmCodec does it (the emulator's own, apart from the driver's decoder).</summary>
    private sealed class AdpcmEncoder
    {
        private static readonly int[] Steps =
        [
            7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97, 107, 118,
            130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724, 796, 876, 963, 1060,
            1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484,
            7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
        ];

        private static readonly int[] Adjust = [-1, -1, -1, -1, 2, 4, 6, 8, -1, -1, -1, -1, 2, 4, 6, 8];

        public int Index { get; private set; }
        public int Predictor { get; private set; }

        public byte[] Encode(short[] values)
        {
            var coded = new byte[values.Length / 2];
            for (var i = 0; i < coded.Length; i++)
            {
                coded[i] = EncodePair(values[2 * i], values[(2 * i) + 1]);
            }

            return coded;
        }

        public byte EncodePair(short first, short second) => (byte)(EncodeOne(first) | (EncodeOne(second) << 4));

        private int EncodeOne(short sample)
        {
            var step = Steps[Index];
            var difference = sample - Predictor;
            var code = 0;
            if (difference < 0)
            {
                code = 8;
                difference = -difference;
            }

            for (var bit = 4; bit > 0; bit >>= 1)
            {
                if (difference >= step)
                {
                    code |= bit;
                    difference -= step;
                }

                step >>= 1;
            }

            // The decoder's reconstruction, so that both ends keep the same state.
            step = Steps[Index];
            var delta = step >> 3;
            delta += (code & 4) != 0 ? step : 0;
            delta += (code & 2) != 0 ? step >> 1 : 0;
            delta += (code & 1) != 0 ? step >> 2 : 0;
            Predictor = Math.Clamp(Predictor + ((code & 8) != 0 ? -delta : delta), short.MinValue, short.MaxValue);
            Index = Math.Clamp(Index + Adjust[code], 0, Steps.Length - 1);
            return code;
        }
    }
}
