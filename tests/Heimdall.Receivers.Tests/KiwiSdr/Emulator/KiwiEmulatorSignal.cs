using System.Buffers.Binary;

namespace Heimdall.Receivers.Tests.KiwiSdr.Emulator;

/// <summary>
/// What the emulated Kiwi hears: one tone at <paramref name="toneOffsetHz"/> from the tuned frequency (at the true sample
/// rate, so its phase is a function of the sample index alone) plus complex white Gaussian noise whose total power is the
/// tone's less the SNR. int16 I/Q, big- or little-endian.
/// </summary>
internal sealed class KiwiEmulatorSignal(KiwiEmulatorOptions options, double toneOffsetHz)
{
    private readonly Random _noise = new(options.NoiseSeed);
    private readonly double _amplitude = options.ToneFrequencyHz is null ? 0 : options.ToneAmplitude;
    private readonly double _noiseSigma = options.ToneAmplitude / Math.Pow(10, options.SnrDb / 20) / Math.Sqrt(2);

    public void Write(long firstSample, Span<byte> destination, bool littleEndian)
    {
        var cyclesPerSample = toneOffsetHz / options.TrueSampleRateHz;
        for (var i = 0; i < destination.Length / 4; i++)
        {
            var n = firstSample + i;
            var cycles = cyclesPerSample * n;
            var (sin, cos) = Math.SinCos(2 * Math.PI * (cycles - Math.Floor(cycles)));
            var (gi, gq) = Gaussians();
            Put(destination[(i * 4)..], (_amplitude * cos) + (_noiseSigma * gi), littleEndian);
            Put(destination[((i * 4) + 2)..], (_amplitude * sin) + (_noiseSigma * gq), littleEndian);
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
