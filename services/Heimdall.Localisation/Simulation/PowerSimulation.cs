using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Power;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// Received powers drawn from the log-distance model with its shadowing (what a power-based region assumes), for the
/// coverage tests and the <c>power-region</c> benchmark: each receiver's power is
/// <c>A − 10·n·log10 d + N(0, σ²) + N(0, s²)</c>, s the measurement's own uncertainty, which is also reported.
/// </summary>
public static class PowerSimulation
{
    /// <summary>The seven receivers of the seeded network (db/migrations/001_receivers.sql), name and position.</summary>
    public static IReadOnlyList<(string Name, GeoPosition Position)> SeededNetwork { get; } =
    [
        ("Aquila di Giaveno", new GeoPosition(45.0200, 7.2900, 600)), ("Montanaro", new GeoPosition(45.2340, 7.8570, 220)),
        ("Torino", new GeoPosition(45.0440, 7.6720, 250)), ("Coazze", new GeoPosition(45.0300, 7.2700, 750)),
        ("Passo del Giovi", new GeoPosition(44.5610, 8.9560, 470)), ("Genova", new GeoPosition(44.3950, 8.9560, 100)),
        ("Milano - Baggio", new GeoPosition(45.4780, 9.1230, 120)),
    ];

    /// <summary>The powers the receivers see from a transmitter at <paramref name="transmitter"/> with <c>A</c> = <paramref name="referencePowerDbm"/>.</summary>
    public static IReadOnlyList<PowerObservation> Observe(
        IReadOnlyList<(string Name, GeoPosition Position)> receivers, GeoPosition transmitter, double referencePowerDbm, PathLossModel model,
        double measurementSigmaDb, Random random)
    {
        ArgumentNullException.ThrowIfNull(receivers);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        var frame = new LocalFrame(transmitter);
        return receivers.Select(r =>
        {
            var (e, n, _) = frame.ToEnu(r.Position);
            var power = referencePowerDbm - model.LossDb(Math.Sqrt((e * e) + (n * n)))
                        + (model.ShadowingSigmaDb * Gaussian(random)) + (measurementSigmaDb * Gaussian(random));
            return new PowerObservation(r.Name, r.Position, power, measurementSigmaDb);
        }).ToList();
    }

    /// <summary>A position drawn uniformly over the receivers' latitude/longitude box.</summary>
    public static GeoPosition Inside(IReadOnlyList<(string Name, GeoPosition Position)> receivers, Random random)
    {
        ArgumentNullException.ThrowIfNull(receivers);
        ArgumentNullException.ThrowIfNull(random);
        var (south, north) = (receivers.Min(r => r.Position.Latitude), receivers.Max(r => r.Position.Latitude));
        var (west, east) = (receivers.Min(r => r.Position.Longitude), receivers.Max(r => r.Position.Longitude));
        return new GeoPosition(south + (random.NextDouble() * (north - south)), west + (random.NextDouble() * (east - west)));
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>
    /// <paramref name="trials"/> transmitters drawn by <paramref name="place"/> with <c>A</c> uniform in 20–50 dBm, seeded:
    /// how many regions held the truth, and each region's area (km²).
    /// </summary>
    public static (int Held, int Empty, IReadOnlyList<double> AreasKm2) Coverage(
        IReadOnlyList<(string Name, GeoPosition Position)> receivers, Func<Random, GeoPosition> place, int trials, int seed, PathLossModel truth,
        PathLossModel assumed, PowerRegionOptions options, double measurementSigmaDb = 0.5)
    {
        ArgumentNullException.ThrowIfNull(place);
        var random = new Random(seed);
        var (held, empty, areas) = (0, 0, new List<double>());
        for (var t = 0; t < trials; t++)
        {
            var transmitter = place(random);
            var observations = Observe(receivers, transmitter, 20 + (30 * random.NextDouble()), truth, measurementSigmaDb, random);
            var region = PowerRegion.Estimate(observations, assumed, options);
            held += PowerRegion.Holds(region, transmitter) ? 1 : 0;
            empty += region.Status == PowerRegionStatus.Empty ? 1 : 0;
            areas.Add(region.AreaKm2);
        }

        return (held, empty, areas);
    }
}
