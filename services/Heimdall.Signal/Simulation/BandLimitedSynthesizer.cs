using System.Buffers.Binary;
using System.Numerics;
using Heimdall.Signal.Fourier;

namespace Heimdall.Signal.Simulation;

/// <summary>
/// A TDoA-capable simulated capture: the transmitter sends one band-limited, noise-modulated signal (flat over
/// <c>bandwidthHz</c> around its carrier, the same for every station of an acquisition: <c>signalSeed</c>), and each
/// station hears it after its exact straight-line propagation delay on WGS-84 (<see cref="Wgs84Distance"/>) at
/// <see cref="SpeedMps"/>, at its own baseband offset and level (<see cref="LinkModel.Predict"/>), plus its own thermal
/// noise (<c>noiseSeed</c>). The signal is periodic over the next power of two of samples, so a delay of any fraction
/// of a sample is exact: it is a phase ramp on the signal's spectrum. A single tone has no usable delay; this has.
/// </summary>
public static class BandLimitedSynthesizer
{
    /// <summary>The propagation speed along a line of sight: c over the surface refractive index (1 + 315e-6), as the locator assumes.</summary>
    public const double SpeedMps = 299_792_458 / (1 + 315e-6);

    /// <summary>
    /// <c>ci16_le</c> bytes of the station's capture whose sample 0 is taken <paramref name="startOffsetSeconds"/> after
    /// the common epoch at which the transmitted signal's time is 0.
    /// </summary>
    public static byte[] Synthesize(
        SimulatedTransmitter transmitter, SimulatedStation station, double tunedFrequencyHz, double sampleRateHz, long sampleCount,
        double bandwidthHz, double startOffsetSeconds, int signalSeed, int noiseSeed)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(station);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandwidthHz);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleCount, 1L << 26);

        var link = LinkModel.Predict(transmitter, station, tunedFrequencyHz, sampleRateHz);
        var delay = Wgs84Distance(transmitter.Position, station.Position) / SpeedMps;
        var size = 64;
        while (size < sampleCount)
        {
            size *= 2;
        }

        // The transmitted signal's spectrum (the same draw for every station), delayed by a phase ramp: x(t + offset − delay).
        var signal = new Random(signalSeed);
        var transform = FourierTransforms.Create(size);
        var buffer = transform.Buffer;
        var kept = 0;
        var shift = startOffsetSeconds - delay;
        for (var k = 0; k < size; k++)
        {
            var f = (k < size / 2 ? k : k - size) * sampleRateHz / size;
            var (a, b) = (Gaussian(signal), Gaussian(signal));
            if (Math.Abs(f) > bandwidthHz / 2)
            {
                buffer[k] = Complex.Zero;
                continue;
            }

            kept++;
            var turns = f * shift;
            buffer[k] = Complex.Conjugate(new Complex(a, b) * Complex.FromPolarCoordinates(1, 2 * Math.PI * (turns - Math.Floor(turns))));
        }

        // The inverse transform as the conjugate of the forward transform of the conjugate.
        transform.Forward();
        var amplitude = Math.Sqrt(Math.Pow(10, link.SignalDbfs / 10) / (2.0 * Math.Max(1, kept)));
        var noiseSigma = Math.Sqrt(Math.Pow(10, link.NoiseDbfs / 10) / 2);
        var carrierCyclesPerSample = link.FrequencyOffsetHz / sampleRateHz;
        var noise = new Random(noiseSeed);
        var phase0 = 2 * Math.PI * noise.NextDouble();
        var bytes = new byte[sampleCount * 4];
        for (var n = 0; n < sampleCount; n++)
        {
            var cycles = carrierCyclesPerSample * n;
            var x = Complex.Conjugate(buffer[n]) * amplitude * Complex.FromPolarCoordinates(1, phase0 + (2 * Math.PI * (cycles - Math.Floor(cycles))));
            var span = bytes.AsSpan(n * 4, 4);
            BinaryPrimitives.WriteInt16LittleEndian(span, ToInt16(x.Real + (noiseSigma * Gaussian(noise))));
            BinaryPrimitives.WriteInt16LittleEndian(span[2..], ToInt16(x.Imaginary + (noiseSigma * Gaussian(noise))));
        }

        return bytes;
    }

    /// <summary>The straight line between two points on the WGS-84 ellipsoid (ECEF), metres.</summary>
    public static double Wgs84Distance(GeoPoint a, GeoPoint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (ax, ay, az) = Ecef(a);
        var (bx, by, bz) = Ecef(b);
        return Math.Sqrt(((ax - bx) * (ax - bx)) + ((ay - by) * (ay - by)) + ((az - bz) * (az - bz)));
    }

    private static (double X, double Y, double Z) Ecef(GeoPoint p)
    {
        const double A = 6_378_137.0;
        const double F = 1 / 298.257223563;
        const double E2 = F * (2 - F);
        var lat = p.LatitudeDeg * Math.PI / 180;
        var lon = p.LongitudeDeg * Math.PI / 180;
        var n = A / Math.Sqrt(1 - (E2 * Math.Sin(lat) * Math.Sin(lat)));
        return ((n + p.AltitudeM) * Math.Cos(lat) * Math.Cos(lon), (n + p.AltitudeM) * Math.Cos(lat) * Math.Sin(lon), ((n * (1 - E2)) + p.AltitudeM) * Math.Sin(lat));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static short ToInt16(double fullScaleValue) =>
        (short)Math.Clamp(Math.Round(fullScaleValue * 32768), short.MinValue, short.MaxValue);
}
