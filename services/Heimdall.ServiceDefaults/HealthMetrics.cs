using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heimdall.ServiceDefaults;

/// <summary>
/// Meter <c>Heimdall.Hosting</c>: the readiness checks as gauges, so Prometheus sees what <c>/health/ready</c> says without
/// parsing JSON. Fed by the health-check publisher (every <see cref="Period"/>); nothing is reported before its first run.
/// </summary>
public sealed class HealthMetrics : IHealthCheckPublisher, IDisposable
{
    public const string MeterName = "Heimdall.Hosting";
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);
    private readonly Meter _meter = new(MeterName);
    private volatile HealthReport? _last;

    public HealthMetrics()
    {
        _meter.CreateObservableGauge("heimdall.health.ready", ObserveReady, description: "1 while every readiness check is Healthy (what /health/ready answers with 200), else 0.");
        _meter.CreateObservableGauge("heimdall.health.check.healthy", ObserveChecks, description: "1 while the readiness check is Healthy, else 0 (Degraded or Unhealthy), by check.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report;
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> ObserveReady()
    {
        if (_last is { } report)
        {
            yield return new Measurement<int>(report.Status == HealthStatus.Healthy ? 1 : 0);
        }
    }

    private IEnumerable<Measurement<int>> ObserveChecks()
    {
        if (_last is not { } report)
        {
            yield break;
        }

        foreach (var (name, entry) in report.Entries)
        {
            yield return new Measurement<int>(entry.Status == HealthStatus.Healthy ? 1 : 0, new KeyValuePair<string, object?>("check", name));
        }
    }

    public void Dispose() => _meter.Dispose();
}
