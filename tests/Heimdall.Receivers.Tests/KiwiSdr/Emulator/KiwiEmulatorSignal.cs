using System.Buffers.Binary;
using System.Numerics;

namespace Heimdall.Receivers.Tests.KiwiSdr.Emulator;

/// <summary>
/// What the emulated Kiwi hears: one tone at <paramref name="toneOffsetHz"/> from the tuned frequency (at the true sample
/// rate, so its phase is a function of the sample index alone) plus complex white Gaussian noise whose total power, over
/// the whole sample rate, is the tone's less the SNR; then, as a real Kiwi does, its IQ passband filter: only
/// <paramref name="passband"/> (the client's low_cut … high_cut, Hz from the tuned frequency) passes, the rest of the band
/// is left empty (<see cref="Taps"/>: a windowed-sinc FIR). int16 I/Q, big- or little-endian. Deterministic: the same
/// sequence of <see cref="Write"/> calls gives the same bytes.
/// </summary>
internal sealed class KiwiEmulatorSignal(KiwiEmulatorOptions options, double toneOffsetHz, (double Low, double High) passband)
{
    /// <summary>Taps of the passband filter: a Blackman window of this length has a transition about 5.5 fs / 511 wide and a −74 dB stopband.</summary>
    public const int TapCount = 511;

    private readonly Random _noise = new(options.NoiseSeed);
    private readonly double _amplitude = options.ToneFrequencyHz is null ? 0 : options.ToneAmplitude;
    private readonly double _noiseSigma = options.ToneAmplitude / Math.Pow(10, options.SnrDb / 20) / Math.Sqrt(2);
    private readonly Complex[] _taps = Taps(passband, options.TrueSampleRateHz);
    private readonly Complex[] _history = new Complex[2 * TapCount]; // each input twice, so the newest TapCount are contiguous
    private int _next;

    /// <summary>
    /// The filter: a lowpass of half the passband's width (Blackman-windowed sinc, unit gain at its centre), shifted to
    /// the passband's centre. Its gain is 1 inside the passband (within 1e-4) and −6 dB at low_cut and high_cut.
    /// </summary>
    public static Complex[] Taps((double Low, double High) passband, double sampleRateHz)
    {
        var cutoff = (passband.High - passband.Low) / 2 / sampleRateHz;
        var centre = (passband.High + passband.Low) / 2 / sampleRateHz;
        var taps = new Complex[TapCount];
        var middle = (TapCount - 1) / 2.0;
        var sum = 0.0;
        for (var n = 0; n < TapCount; n++)
        {
            var t = n - middle;
            var sinc = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            var window = 0.42 - (0.5 * Math.Cos(2 * Math.PI * n / (TapCount - 1))) + (0.08 * Math.Cos(4 * Math.PI * n / (TapCount - 1)));
            taps[n] = sinc * window;
            sum += sinc * window;
        }

        for (var n = 0; n < TapCount; n++)
        {
            taps[n] = taps[n] / sum * Complex.FromPolarCoordinates(1, 2 * Math.PI * centre * (n - middle));
        }

        return taps;
    }

    public void Write(long firstSample, Span<byte> destination, bool littleEndian)
    {
        var cyclesPerSample = toneOffsetHz / options.TrueSampleRateHz;
        for (var i = 0; i < destination.Length / 4; i++)
        {
            var n = firstSample + i;
            var cycles = cyclesPerSample * n;
            var (sin, cos) = Math.SinCos(2 * Math.PI * (cycles - Math.Floor(cycles)));
            var (gi, gq) = Gaussians();
            var heard = Filter(new Complex((_amplitude * cos) + (_noiseSigma * gi), (_amplitude * sin) + (_noiseSigma * gq)));
            Put(destination[(i * 4)..], heard.Real, littleEndian);
            Put(destination[((i * 4) + 2)..], heard.Imaginary, littleEndian);
        }
    }

    /// <summary>Loud junk: what a previous user's buffer may hold.</summary>
    public static void WriteLeftover(Span<byte> destination, bool littleEndian)
    {
        for (var i = 0; i < destination.Length / 2; i++)
        {
            Put(destination[(i * 2)..], i % 2 == 0 ? 0.95 : -0.95, littleEndian);
        }
    }

    private Complex Filter(Complex input)
    {
        _history[_next] = input;
        _history[_next + TapCount] = input;
        var newest = _next + TapCount;
        var output = Complex.Zero;
        for (var k = 0; k < TapCount; k++)
        {
            output += _taps[k] * _history[newest - k];
        }

        _next = (_next + 1) % TapCount;
        return output;
    }

    private (double, double) Gaussians()
    {
        var radius = Math.Sqrt(-2 * Math.Log(1 - _noise.NextDouble()));
        var (sin, cos) = Math.SinCos(2 * Math.PI * _noise.NextDouble());
        return (radius * cos, radius * sin);
    }

    private static void Put(Span<byte> destination, double value, bool littleEndian)
    {
        var counts = (short)Math.Clamp(Math.Round(value * 32767), short.MinValue, short.MaxValue);
        if (littleEndian)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination, counts);
        }
        else
        {
            BinaryPrimitives.WriteInt16BigEndian(destination, counts);
        }
    }
}
