using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Lifecycle;

/// <summary>
/// No acquisition hangs and no completion stays unpublished: every MetricsWriter:DeadlineCheckIntervalSeconds, each
/// acquisition whose deadline has passed with receivers still missing (the Acquirer died for good, a message was lost, a
/// receiver never answered) is completed as partial or failed, each missing receiver named in its reasons
/// (<see cref="AcquisitionLifecycle.CompleteOverdueAsync"/>), and every completion committed more than
/// <see cref="RepublishAfter"/> ago but never marked published is published again
/// (<see cref="AcquisitionLifecycle.RepublishAsync"/>). Several replicas share the work (the ledger skips rows another
/// one has locked; a completion published twice carries one MessageId).
/// </summary>
public sealed partial class CompletionSweep(
    AcquisitionLifecycle lifecycle,
    IBus bus,
    IOptions<MetricsWriterOptions> options,
    ILogger<CompletionSweep> logger) : BackgroundService
{
    /// <summary>
    /// A completion is published and marked within milliseconds of its commit; one still unmarked after this long was
    /// left by a publisher that died or failed.
    /// </summary>
    public static readonly TimeSpan RepublishAfter = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DeadlineCheckIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database or the broker is away: the next tick tries again; what was committed is still in the outbox.
                LogSweepFailed(logger, ex.Message);
            }
        }
    }

    /// <summary>One sweep: overdue acquisitions completed, orphaned completions published again.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await lifecycle.CompleteOverdueAsync(bus, cancellationToken);
        await lifecycle.RepublishAsync(bus, RepublishAfter, cancellationToken);
    }

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "The completion sweep failed, next try at the next interval: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
