using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Heimdall.Locator;

/// <summary>ActivitySource and Meter <c>Heimdall.Locator</c>. Durations are in seconds.</summary>
public sealed class LocatorTelemetry : IDisposable
{
    public const string MeterName = "Heimdall.Locator";
    private static readonly double[] Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly Meter _meter = new(MeterName);

    public LocatorTelemetry()
    {
        Locations = _meter.CreateCounter<long>("heimdall.locations", "{acquisition}", "Acquisitions located, by status (located, hyperbola, not-located).");
        StationsExcluded = _meter.CreateCounter<long>("heimdall.locations.stations.excluded", "{receiver}", "Receivers of located acquisitions that could not be used.");
        PowerRegions = _meter.CreateCounter<long>("heimdall.locations.power_regions", "{region}",
            "Power-based regions drawn from the receivers' calibrated powers where TDoA gave no point, by status (region; empty or insufficient: refused, the reason stored with the location).");
        ComputeDuration = _meter.CreateHistogram("heimdall.locations.compute.duration", "s", "Time to read an acquisition's recordings and locate.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        AddedLatency = _meter.CreateHistogram("heimdall.locations.latency", "s", "From AcquisitionCompleted's publication to LocationEstimated's: what locating adds to an acquisition.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public static ActivitySource ActivitySource { get; } = new(MeterName);
    public Counter<long> Locations { get; }
    public Counter<long> StationsExcluded { get; }

    /// <summary>Tag <c>status</c>: <c>region</c>, <c>empty</c> or <c>insufficient</c> (<see cref="Localisation.Power.PowerRegionStatus"/>).</summary>
    public Counter<long> PowerRegions { get; }
    public Histogram<double> ComputeDuration { get; }
    public Histogram<double> AddedLatency { get; }

    public void Dispose() => _meter.Dispose();
}
