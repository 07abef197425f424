using Heimdall.Data.Measurements;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Heimdall.MetricsWriter.Maintenance;

/// <summary>
/// Reads the TimescaleDB jobs every MetricsWriter:JobCheckIntervalSeconds, so that a job whose last run failed is visible:
/// the gauge <c>heimdall.timescaledb.jobs.failing</c> (1 per failing job, by job), a warning naming the job each time a new
/// run of it fails, and the readiness detail of <see cref="TimescaleJobsHealthCheck"/>. Nothing on plain PostgreSQL.
/// </summary>
public sealed partial class TimescaleJobMonitor(TimescaleJobs jobs, MetricsWriterTelemetry telemetry, IOptions<MetricsWriterOptions> options, ILogger<TimescaleJobMonitor> logger)
    : BackgroundService
{
    private readonly Dictionary<int, DateTime?> _reportedFailures = [];
    private volatile IReadOnlyList<TimescaleJobState> _latest = [];

    /// <summary>The jobs as last read (empty before the first read, or on plain PostgreSQL).</summary>
    public IReadOnlyList<TimescaleJobState> Latest => _latest;

    public DateTimeOffset? LastReadAt { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        telemetry.ObserveTimescaleJobs(() => _latest);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.JobCheckIntervalSeconds));
        do
        {
            await CheckOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            _latest = await jobs.ReadAsync(cancellationToken);
            LastReadAt = DateTimeOffset.UtcNow;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogReadFailed(logger, ex.Message);
            return;
        }

        foreach (var job in _latest)
        {
            if (job.Failing && (!_reportedFailures.TryGetValue(job.JobId, out var reported) || reported != job.LastRunStartedAt))
            {
                _reportedFailures[job.JobId] = job.LastRunStartedAt;
                LogJobFailed(logger, job.ToString(), job.LastRunStartedAt, job.TotalFailures, job.TotalRuns);
            }
            else if (!job.Failing)
            {
                _reportedFailures.Remove(job.JobId);
            }
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "TimescaleDB {Job} failed its last run (started {StartedAt:O}; {Failures} of {Runs} runs failed); details in timescaledb_information.job_errors")]
    private static partial void LogJobFailed(ILogger logger, string job, DateTime? startedAt, long failures, long runs);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Could not read the TimescaleDB jobs: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}
