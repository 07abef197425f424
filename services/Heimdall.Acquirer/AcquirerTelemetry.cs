using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Heimdall.Acquirer;

/// <summary>ActivitySource and Meter <c>Heimdall.Acquirer</c>.</summary>
public sealed class AcquirerTelemetry : IDisposable
{
    public const string Name = "Heimdall.Acquirer";
    private readonly Meter _meter = new(Name);

    public AcquirerTelemetry()
    {
        Captures = _meter.CreateCounter<long>("heimdall.captures", "{capture}", "Captures delivered, by receiver.");
        CaptureFailures = _meter.CreateCounter<long>("heimdall.captures.failed", "{capture}", "Receivers that failed after their retries, by receiver.");
        CaptureDuration = _meter.CreateHistogram<double>("heimdall.captures.duration", "ms", "From the request to the capture's publication, by receiver.");
        Rejected = _meter.CreateCounter<long>("heimdall.acquisitions.rejected", "{acquisition}", "Requests that broke a rule.");
        Accepted = _meter.CreateCounter<long>("heimdall.acquisitions.accepted", "{acquisition}", "Requests accepted and started.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);
    public Counter<long> Captures { get; }
    public Counter<long> CaptureFailures { get; }
    public Histogram<double> CaptureDuration { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Accepted { get; }

    public void Dispose() => _meter.Dispose();
}
