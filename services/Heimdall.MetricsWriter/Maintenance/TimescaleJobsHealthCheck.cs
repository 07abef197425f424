using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heimdall.MetricsWriter.Maintenance;

/// <summary>
/// Readiness detail of the TimescaleDB jobs: healthy either way (a failing retention or compression job must not take
/// the writer out of service), but the description names every job whose last run failed.
/// </summary>
public sealed class TimescaleJobsHealthCheck(TimescaleJobMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var jobs = monitor.Latest;
        var failing = jobs.Where(j => j.Failing).ToList();
        var description = monitor.LastReadAt is null ? "TimescaleDB jobs not read yet"
            : jobs.Count == 0 ? "no TimescaleDB jobs (plain PostgreSQL)"
            : failing.Count == 0 ? $"{jobs.Count} TimescaleDB jobs, none failing"
            : $"{failing.Count} of {jobs.Count} TimescaleDB jobs failed their last run: {string.Join("; ", failing)}";
        return Task.FromResult(HealthCheckResult.Healthy(description, new Dictionary<string, object>
        {
            ["failing"] = failing.Select(j => j.JobId).ToArray(),
        }));
    }
}
