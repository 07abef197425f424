using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Lifecycle;

/// <summary>
/// The owner of every acquisition's lifecycle: its rows (<c>acquisitions</c>, <c>acquisition_receivers</c>, the outbox
/// <c>acquisition_completions</c>, through <see cref="AcquisitionLedger"/>), its deadline and its completion. It learns
/// everything from messages, in any order: the Acquirer's answer (<see cref="AcquisitionStarted"/> with the receivers and
/// when their outcomes are due, or <see cref="AcquisitionRejected"/>), each receiver's outcome (stored with its row by
/// the <c>IqArchived</c> batches, or <see cref="ReceiverCaptureFailed"/>), and <see cref="AcquisitionCaptured"/>.
/// After each of them that can complete the acquisition, <see cref="CompleteAsync"/> applies the completion rule;
/// <see cref="CompletionSweep"/> applies the deadline.
/// <para>
/// A completion is committed with its <see cref="AcquisitionCompleted"/> in the outbox, then published (MessageId derived
/// from the acquisition id, <see cref="CompletionPublishing"/>), then marked published. If the process dies, or the
/// broker or the database is away, in between, the completion stays unpublished in the outbox and the sweep publishes it
/// again (<see cref="RepublishAsync"/>), with the same MessageId.
/// </para>
/// </summary>
public sealed partial class AcquisitionLifecycle(
    AcquisitionLedger ledger,
    MetricsWriterTelemetry telemetry,
    OutagePolicy outages,
    TimeProvider clock,
    IOptions<MetricsWriterOptions> options,
    ILogger<AcquisitionLifecycle> logger)
{
    /// <summary>
    /// The acquisition is accepted: its receivers, and its deadline, when their outcomes are due
    /// (<see cref="AcquisitionStarted.OutcomesDueAtUtc"/>) plus MetricsWriter:CompletionGraceSeconds. Outcomes that
    /// arrived before it may complete it now.
    /// </summary>
    public async Task StartedAsync(ConsumeContext<AcquisitionStarted> context)
    {
        var started = context.Message;
        var settings = options.Value;
        var deadline = started.OutcomesDueAtUtc is { } due
            ? due + TimeSpan.FromSeconds(settings.CompletionGraceSeconds)
            : started.StartAtUtc + TimeSpan.FromSeconds(started.DurationSeconds) + TimeSpan.FromMinutes(settings.DefaultDeadlineMinutes);
        await ledger.RecordStartedAsync(new StartedAcquisition(
            started.AcquisitionId, started.ReceiverIds, started.FrequencyHz, started.SampleRateHz, started.DurationSeconds,
            started.StartAtUtc, SentAt(context), started.RequestedAtUtc, started.RequestedBy, deadline), context.CancellationToken);
        await CompleteAsync(context, started.AcquisitionId, context.CancellationToken);
    }

    /// <summary>The request broke rules: the acquisition is recorded as rejected, with the reasons.</summary>
    public Task RejectedAsync(AcquisitionRejected rejected, CancellationToken cancellationToken) =>
        ledger.RecordRejectedAsync(rejected, cancellationToken);

    /// <summary>Every receiver reported to the Acquirer: <c>acquisitions.captured_at</c>.</summary>
    public Task CapturedAsync(AcquisitionCaptured captured, CancellationToken cancellationToken) =>
        ledger.RecordCapturedAsync(captured.AcquisitionId, captured.CapturedAtUtc, cancellationToken);

    /// <summary>A receiver failed: its outcome, recorded once, and the acquisition completed if it was the last.</summary>
    public async Task ReceiverFailedAsync(ConsumeContext<ReceiverCaptureFailed> context)
    {
        var failed = context.Message;
        await ledger.RecordFailureAsync(failed.AcquisitionId, failed.ReceiverId, failed.Reason, context.CancellationToken);
        await CompleteAsync(context, failed.AcquisitionId, context.CancellationToken);
    }

    /// <summary>
    /// Completes the acquisition if every expected receiver is stored or failed (the rule, committed with the outbox), and
    /// publishes its completion (the current span says so: <c>heimdall.completed</c>). Returns what was published, or null.
    /// </summary>
    public async Task<AcquisitionCompleted?> CompleteAsync(IPublishEndpoint publisher, Guid acquisitionId, CancellationToken cancellationToken)
    {
        var completed = await ledger.TryCompleteAsync(acquisitionId, cancellationToken);
        if (completed is not null)
        {
            Activity.Current?.SetTag("heimdall.completed", completed.Status);
            await PublishAsync(publisher, completed, cancellationToken);
        }

        return completed;
    }

    /// <summary>
    /// Completes, one by one, every acquisition whose deadline has passed with receivers missing (each named in its
    /// reasons), and publishes each completion; the number completed.
    /// </summary>
    public async Task<int> CompleteOverdueAsync(IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var fallback = TimeSpan.FromMinutes(options.Value.DefaultDeadlineMinutes);
        var count = 0;
        while (await ledger.TryCompleteOverdueAsync(fallback, cancellationToken) is { } completed)
        {
            LogOverdue(logger, completed.AcquisitionId, completed.Status, completed.ReceiversStored, completed.ReceiversFailed,
                string.Join(", ", completed.FailedReceiverIds));
            await PublishAsync(publisher, completed, cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>Publishes again every completion committed at least <paramref name="age"/> ago and not marked published; the number.</summary>
    public async Task<int> RepublishAsync(IPublishEndpoint publisher, TimeSpan age, CancellationToken cancellationToken)
    {
        var unpublished = await ledger.UnpublishedAsync(age, 100, cancellationToken);
        foreach (var completed in unpublished)
        {
            LogRepublished(logger, completed.AcquisitionId, completed.Status);
            await PublishAsync(publisher, completed, cancellationToken);
        }

        return unpublished.Count;
    }

    /// <summary>
    /// Publishes, then marks the outbox row published. The mark is bookkeeping: with the database away beyond its retry
    /// right then, the completion is out all the same, and the sweep publishes it once more later (the same MessageId)
    /// instead of the message that led to it going back to its queue.
    /// </summary>
    private async Task PublishAsync(IPublishEndpoint publisher, AcquisitionCompleted completed, CancellationToken cancellationToken)
    {
        await publisher.PublishCompletedAsync(completed, cancellationToken);
        telemetry.RecordCompleted(completed);
        try
        {
            await ledger.MarkPublishedAsync(completed.AcquisitionId, cancellationToken);
        }
        catch (Exception ex) when (outages.IsOutage(ex))
        {
            LogNotMarked(logger, completed.AcquisitionId, ex.Message);
        }
    }

    private DateTimeOffset SentAt(ConsumeContext context) =>
        context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : clock.GetUtcNow();

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId} passed its deadline and was completed as {Status}: {Stored} stored, {Failed} failed or missing (receivers {FailedIds})")]
    private static partial void LogOverdue(ILogger logger, Guid acquisitionId, string status, int stored, int failed, string failedIds);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "The completion of {AcquisitionId} is published but could not be marked so ({Reason}); the sweep will publish it once more")]
    private static partial void LogNotMarked(ILogger logger, Guid acquisitionId, string reason);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "The completion of {AcquisitionId} ({Status}) was committed but never marked published; published again")]
    private static partial void LogRepublished(ILogger logger, Guid acquisitionId, string status);
}
