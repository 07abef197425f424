using Heimdall.Data.Acquisitions;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Completion;

/// <summary>
/// No acquisition hangs: every MetricsWriter:DeadlineCheckIntervalSeconds, each acquisition whose deadline has passed
/// with receivers still missing (the Acquirer died for good, a message was lost, a receiver never answered) is
/// completed as partial or failed, each missing receiver named in its reasons, and <see cref="Contracts.AcquisitionCompleted"/>
/// is published once, before the ledger commits, as the consumers do. Several replicas share the work (the ledger
/// skips rows another one has locked).
/// </summary>
public sealed partial class AcquisitionDeadlineService(
    AcquisitionLedger ledger,
    IBus bus,
    MetricsWriterTelemetry telemetry,
    IOptions<MetricsWriterOptions> options,
    ILogger<AcquisitionDeadlineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.DeadlineCheckIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CompleteOverdueAsync(TimeSpan.FromMinutes(settings.DefaultDeadlineMinutes), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database or the broker is away: the next tick tries again, nothing was committed.
                LogSweepFailed(logger, ex.Message);
            }
        }
    }

    /// <summary>Completes every acquisition that is overdue now; the number completed.</summary>
    public async Task<int> CompleteOverdueAsync(TimeSpan fallbackDeadline, CancellationToken cancellationToken)
    {
        var completed = 0;
        while (true)
        {
            await using var completion = await ledger.TryCompleteOverdueAsync(fallbackDeadline, cancellationToken);
            if (completion is null)
            {
                return completed;
            }

            await bus.PublishCompletedAsync(completion.Completed, cancellationToken);
            await completion.CommitAsync(cancellationToken);
            telemetry.RecordCompleted(completion.Completed);
            LogOverdue(logger, completion.Completed.AcquisitionId, completion.Completed.Status, completion.Completed.ReceiversStored,
                completion.Completed.ReceiversFailed, string.Join(", ", completion.Completed.FailedReceiverIds));
            completed++;
        }
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId} passed its deadline and was completed as {Status}: {Stored} stored, {Failed} failed or missing (receivers {FailedIds})")]
    private static partial void LogOverdue(ILogger logger, Guid acquisitionId, string status, int stored, int failed, string failedIds);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Completing overdue acquisitions failed, next try at the next interval: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
