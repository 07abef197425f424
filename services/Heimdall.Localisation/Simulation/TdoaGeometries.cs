using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// Scenario families for the Monte-Carlo runs, each drawn from a <see cref="Random"/>: receivers around a centre
/// (45.07 N, 7.69 E) and a transmitter inside the network, outside it, or seen by nearly collinear receivers; and a
/// long-wave ground-wave network like the DCF77 set's. Every receiver runs up to ±170 ppm off the nominal rate and
/// starts up to ±20 ms off the nominal start, so the grid and the resampling are always exercised.
/// </summary>
public static class TdoaGeometries
{
    public static readonly GeoPosition Centre = new(45.07, 7.69, 0);

    /// <summary>The knobs shared by the families.</summary>
    public sealed record Settings
    {
        public int Receivers { get; init; } = 5;

        public double RadiusM { get; init; } = 30_000;

        public double SnrDb { get; init; } = 10;

        public double DurationSeconds { get; init; } = 1;

        public double SampleRateHz { get; init; } = 12_000;

        public double BandwidthHz { get; init; } = 3_000;

        public double TimingSigmaSeconds { get; init; } = 50e-9;

        /// <summary>The transmitter's altitude is drawn around the receivers' mean with this σ; give the locator the same as its altitude σ.</summary>
        public double AltitudeSigmaM { get; init; } = 100;
    }

    /// <summary>Receivers spread around a circle; the transmitter anywhere within 0.6 of its radius.</summary>
    public static TdoaScenario Inside(Random random, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(settings);
        var receivers = Ring(random, settings);
        var r = settings.RadiusM * 0.6 * Math.Sqrt(random.NextDouble());
        return Scenario(random, settings, receivers, Around(r, 2 * Math.PI * random.NextDouble()));
    }

    /// <summary>Receivers spread around a circle; the transmitter 2 to 3 radii from its centre.</summary>
    public static TdoaScenario Outside(Random random, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(settings);
        var receivers = Ring(random, settings);
        var r = settings.RadiusM * (2 + random.NextDouble());
        return Scenario(random, settings, receivers, Around(r, 2 * Math.PI * random.NextDouble()));
    }

    /// <summary>Receivers along an east-west line two radii long, within ±2 % of a radius of it; the transmitter 0.3 to 1 radius north or south of it.</summary>
    public static TdoaScenario Collinear(Random random, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(settings);
        var frame = new LocalFrame(Centre);
        var receivers = Enumerable.Range(0, settings.Receivers).Select(i =>
        {
            var east = settings.RadiusM * ((2.0 * i / (settings.Receivers - 1)) - 1);
            var north = settings.RadiusM * 0.02 * ((2 * random.NextDouble()) - 1);
            return frame.FromEnu(east, north, 0) with { AltitudeM = 300 * random.NextDouble() };
        }).ToList();
        var side = random.NextDouble() < 0.5 ? -1 : 1;
        var transmitter = frame.FromEnu(settings.RadiusM * ((random.NextDouble() * 1.2) - 0.6), side * settings.RadiusM * (0.3 + (0.7 * random.NextDouble())), 0);
        return Scenario(random, settings, receivers, transmitter);
    }

    /// <summary>
    /// A long-wave network like the DCF77 set's: receivers 250 to 450 km from a transmitter at 77.5 kHz (ground
    /// wave), spread around it.
    /// </summary>
    public static TdoaScenario GroundWave(Random random, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(settings);
        var transmitter = new GeoPosition(50.0, 9.0, 0);
        var frame = new LocalFrame(transmitter);
        var start = 2 * Math.PI * random.NextDouble();
        var receivers = Enumerable.Range(0, settings.Receivers).Select(i =>
        {
            var bearing = start + (2 * Math.PI * (i + (0.3 * random.NextDouble())) / settings.Receivers);
            var distance = 250e3 + (200e3 * random.NextDouble());
            return frame.FromEnu(distance * Math.Sin(bearing), distance * Math.Cos(bearing), 0) with { AltitudeM = 0 };
        }).ToList();
        return Scenario(random, settings, receivers, transmitter) with { CenterFrequencyHz = 77_500 };
    }

    private static List<GeoPosition> Ring(Random random, Settings settings)
    {
        var frame = new LocalFrame(Centre);
        var start = 2 * Math.PI * random.NextDouble();
        return Enumerable.Range(0, settings.Receivers).Select(i =>
        {
            var bearing = start + (2 * Math.PI * (i + (0.4 * random.NextDouble())) / settings.Receivers);
            var distance = settings.RadiusM * (0.7 + (0.3 * random.NextDouble()));
            return frame.FromEnu(distance * Math.Sin(bearing), distance * Math.Cos(bearing), 0) with { AltitudeM = 300 * random.NextDouble() };
        }).ToList();
    }

    private static GeoPosition Around(double distance, double bearing) =>
        new LocalFrame(Centre).FromEnu(distance * Math.Sin(bearing), distance * Math.Cos(bearing), 0);

    private static TdoaScenario Scenario(Random random, Settings settings, List<GeoPosition> receivers, GeoPosition transmitter)
    {
        var altitude = receivers.Average(r => r.AltitudeM) + (settings.AltitudeSigmaM * TdoaSimulator.Gaussian(random));
        return new TdoaScenario
        {
            Transmitter = transmitter with { AltitudeM = altitude },
            Receivers = receivers.Select((p, i) => new SimulatedReceiver(
                $"R{i + 1}", p, settings.SnrDb, ClockPpm: 340 * (random.NextDouble() - 0.5), TimingSigmaSeconds: settings.TimingSigmaSeconds,
                StartOffsetSeconds: 0.04 * (random.NextDouble() - 0.5))).ToList(),
            SampleRateHz = settings.SampleRateHz,
            DurationSeconds = settings.DurationSeconds,
            BandwidthHz = settings.BandwidthHz,
        };
    }
}
