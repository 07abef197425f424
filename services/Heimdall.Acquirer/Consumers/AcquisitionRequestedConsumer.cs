using System.Diagnostics;
using System.Security.Cryptography;
using Heimdall.Acquirer.Requests;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Receivers;
using Heimdall.Messaging;
using MassTransit;
using MassTransit.MessageData.Values;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Validates a request, claims its id, publishes <see cref="AcquisitionStarted"/>, captures from every receiver and
/// publishes each one's <see cref="IqCaptured"/> or <see cref="ReceiverCaptureFailed"/> as it comes in.
/// Invalid: one <see cref="AcquisitionRejected"/> listing every reason, never retried. No usable id: the error queue.
/// Duplicate: nothing is captured again (a rejected one is answered again with its reasons). A dependency away before
/// the capture starts: the request goes back on its queue after the retries.
/// </summary>
public sealed partial class AcquisitionRequestedConsumer(
    AcquisitionClaims claims,
    ReceiverDirectory directory,
    ReceiverCoolDowns coolDowns,
    RequestValidator validator,
    ReplayResolver replays,
    CaptureCoordinator coordinator,
    IOptions<AcquirerOptions> options,
    AcquirerTelemetry telemetry,
    OutageRequeue requeue,
    ILogger<AcquisitionRequestedConsumer> logger) : IConsumer<AcquisitionRequested>
{
    public async Task Consume(ConsumeContext<AcquisitionRequested> context)
    {
        var request = context.Message;
        if (request.AcquisitionId == Guid.Empty)
        {
            throw new InvalidMessageException("AcquisitionRequested has no usable acquisitionId (missing or all zeros): nothing to reject it under.");
        }

        // MassTransit's consume span: say which acquisition it was and what became of it.
        var span = Activity.Current;
        span?.SetTag("heimdall.acquisition_id", request.AcquisitionId);

        AcquisitionLease? lease = null;
        try
        {
            lease = await claims.TryLockAsync(request.AcquisitionId, context.CancellationToken);
            if (lease is null)
            {
                LogDuplicate(logger, request.AcquisitionId, "being captured right now");
                return;
            }

            await using (lease)
            {
                if (await AcceptAsync(context, request) is { } plan)
                {
                    span?.SetTag("heimdall.outcome", "captured");
                    span?.SetTag("heimdall.receivers", plan.Receivers.Count);
                    await CaptureAllAsync(context, plan);
                    await claims.MarkCapturedAsync(plan.AcquisitionId, context.CancellationToken);
                }
            }
        }
        catch (Exception ex) when (requeue.IsOutage(ex))
        {
            // Released first: the requeued copy must find the acquisition unlocked. Whatever was published is recorded in
            // acquisition_captures, so the redelivery captures only the receivers still missing.
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            await requeue.RequeueAsync(context, [context], ex);
        }
    }

    /// <summary>Validates and claims the request; null when there is nothing to capture (duplicate or rejected).</summary>
    private async Task<AcquisitionPlan?> AcceptAsync(ConsumeContext context, AcquisitionRequested request)
    {
        var ct = context.CancellationToken;
        var existing = await claims.FindAsync(request.AcquisitionId, ct);
        if (existing is { Status: AcquisitionStates.Rejected })
        {
            await context.Publish(new AcquisitionRejected { AcquisitionId = request.AcquisitionId, Reasons = existing.Reasons }, ct);
            Activity.Current?.SetTag("heimdall.outcome", "duplicate");
            LogDuplicate(logger, request.AcquisitionId, "rejected before; rejection published again");
            return null;
        }

        if (existing is not null && (existing.Captured || existing.Status != AcquisitionStates.Capturing))
        {
            Activity.Current?.SetTag("heimdall.outcome", "duplicate");
            LogDuplicate(logger, request.AcquisitionId, "already captured (" + existing.Status + ")");
            return null;
        }

        // A capture whose consumer died (or that waited out an outage) is resumed now: its original start instant has
        // passed, and only the receivers whose outcome was not published yet are captured.
        var resumed = existing is not null;
        var (plan, reasons) = await PlanAsync(resumed ? request with { StartAtUtc = null } : request, ct);
        if (plan is null)
        {
            await claims.RecordRejectedAsync(request.AcquisitionId, request.FrequencyHz, request.DurationSeconds, request.RequestedBy, reasons, ct);
            await context.Publish(new AcquisitionRejected { AcquisitionId = request.AcquisitionId, Reasons = [.. reasons] }, ct);
            telemetry.Rejected.Add(1);
            Activity.Current?.SetTag("heimdall.outcome", "rejected");
            LogRejected(logger, request.AcquisitionId, string.Join(" ", reasons));
            return null;
        }

        await claims.ClaimAsync(plan.ToClaim([.. plan.Receivers.Select(r => r.ReceiverId)], TimeSpan.FromSeconds(options.Value.CompletionGraceSeconds)), ct);
        await context.Publish(new AcquisitionStarted
        {
            AcquisitionId = plan.AcquisitionId,
            ReceiverIds = [.. plan.Receivers.Select(r => r.ReceiverId)],
            FrequencyHz = plan.FrequencyHz,
            SampleRateHz = plan.RequestedSampleRateHz,
            DurationSeconds = plan.DurationSeconds,
            StartAtUtc = plan.StartAtUtc,
        }, ct);
        telemetry.Accepted.Add(1);
        LogStarted(logger, plan.AcquisitionId, plan.Receivers.Count, plan.FrequencyHz, plan.StartAtUtc, resumed);
        return existing is { ReportedReceiverIds.Length: > 0 } ? plan.Without(existing.ReportedReceiverIds) : plan;
    }

    /// <summary>
    /// The plan against the receivers table; a replay (<see cref="AcquisitionRequested.ReplayOfAcquisitionId"/>) against the
    /// original acquisition's stored recordings instead (<see cref="ReplayResolver"/>).
    /// </summary>
    private async Task<(AcquisitionPlan? Plan, IReadOnlyList<string> Reasons)> PlanAsync(AcquisitionRequested request, CancellationToken ct)
    {
        if (request.ReplayOfAcquisitionId is null)
        {
            return validator.Validate(request, await directory.LoadAsync(ct));
        }

        var replay = await replays.ResolveAsync(request, ct);
        return replay.Reasons.Count > 0 ? (null, replay.Reasons) : validator.Validate(replay.Request, replay.Receivers);
    }

    /// <summary>
    /// Publishes each receiver's outcome as soon as the coordinator has it, then records it as reported. While the object
    /// store (for a claim check) or the broker is away, the captured samples are held (Acquirer:HoldCaptureSeconds) and
    /// the publication waits, instead of the receiver being reported failed.
    /// </summary>
    private async Task CaptureAllAsync(ConsumeContext context, AcquisitionPlan plan)
    {
        var ct = context.CancellationToken;
        var hold = TimeSpan.FromSeconds(options.Value.HoldCaptureSeconds);
        await foreach (var outcome in coordinator.CaptureAllAsync(plan, ct))
        {
            switch (outcome)
            {
                case CaptureSucceeded captured:
                    var bytes = captured.Capture.Iq;
                    var sha512 = Convert.ToHexStringLower(SHA512.HashData(bytes));
                    // A claim check, for IQ of Acquirer:ClaimCheckThresholdBytes or more, is written as the message is sent.
                    await requeue.WaitOutAsync($"the capture of {captured.Receiver}", hold,
                        () => context.Publish(CaptureMessages.Captured(plan, captured, new BytesInlineMessageData(bytes), sha512), ct), ct);
                    await RecordReportedAsync(plan, captured.Receiver, CaptureOutcomes.Captured, sha512, ct);
                    break;
                case CaptureFailed failed:
                    if (failed.CoolDown is { } coolDown)
                    {
                        await coolDowns.RecordAsync(failed.Receiver.ReceiverId, DateTimeOffset.UtcNow + coolDown, failed.Reason, ct);
                    }

                    await requeue.WaitOutAsync($"the failure of {failed.Receiver}", hold, () => context.Publish(CaptureMessages.Failed(plan, failed), ct), ct);
                    await RecordReportedAsync(plan, failed.Receiver, CaptureOutcomes.Failed, null, ct);
                    break;
            }
        }
    }

    /// <summary>
    /// Best effort: with the database away the record is lost, and a resumed capture may capture this receiver again
    /// (the IqArchiver keeps the recording that came first).
    /// </summary>
    private async Task RecordReportedAsync(AcquisitionPlan plan, Receiver receiver, string outcome, string? sha512, CancellationToken ct)
    {
        try
        {
            await claims.RecordReportedAsync(plan.AcquisitionId, receiver.ReceiverId, outcome, sha512, ct);
        }
        catch (Exception ex) when (requeue.IsOutage(ex))
        {
            LogNotRecorded(logger, plan.AcquisitionId, receiver.ReceiverId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Acquisition {AcquisitionId} started: {Receivers} receivers at {FrequencyHz} Hz from {StartAtUtc:O} (resumed: {Resumed})")]
    private static partial void LogStarted(ILogger logger, Guid acquisitionId, int receivers, double frequencyHz, DateTimeOffset startAtUtc, bool resumed);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId} rejected: {Reasons}")]
    private static partial void LogRejected(ILogger logger, Guid acquisitionId, string reasons);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Duplicate request {AcquisitionId} ignored: {State}")]
    private static partial void LogDuplicate(ILogger logger, Guid acquisitionId, string state);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId}: the outcome of receiver {ReceiverId} was published but could not be recorded ({Reason}); a resumed capture would capture it again")]
    private static partial void LogNotRecorded(ILogger logger, Guid acquisitionId, int receiverId, string reason);
}
