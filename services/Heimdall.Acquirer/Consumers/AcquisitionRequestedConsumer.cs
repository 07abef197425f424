using System.Security.Cryptography;
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
    RequestValidator validator,
    CaptureCoordinator coordinator,
    IMessageDataRepository claimChecks,
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

        AcquisitionLease? lease = null;
        AcquisitionPlan? plan;
        try
        {
            lease = await claims.TryLockAsync(request.AcquisitionId, context.CancellationToken);
            if (lease is null)
            {
                LogDuplicate(logger, request.AcquisitionId, "being captured right now");
                return;
            }

            plan = await AcceptAsync(context, request);
        }
        catch (Exception ex)
        {
            // Released first: the bus's retry, or the requeued copy, must find the acquisition unlocked.
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            if (!requeue.IsOutage(ex))
            {
                throw;
            }

            // Nothing was captured yet: the request waits out the outage on its queue.
            await requeue.RequeueAsync(context, [context], ex);
            return;
        }

        await using (lease)
        {
            if (plan is not null)
            {
                await CaptureAllAsync(context, plan);
                await claims.MarkCapturedAsync(plan.AcquisitionId, context.CancellationToken);
            }
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
            LogDuplicate(logger, request.AcquisitionId, "rejected before; rejection published again");
            return null;
        }

        if (existing is not null && (existing.Captured || existing.Status != AcquisitionStates.Capturing))
        {
            LogDuplicate(logger, request.AcquisitionId, "already captured (" + existing.Status + ")");
            return null;
        }

        // A capture whose consumer died is resumed now: its original start instant has passed.
        var resumed = existing is not null;
        var (plan, reasons) = validator.Validate(resumed ? request with { StartAtUtc = null } : request, await directory.LoadAsync(ct));
        if (plan is null)
        {
            await claims.RecordRejectedAsync(request.AcquisitionId, request.FrequencyHz, request.DurationSeconds, request.RequestedBy, reasons, ct);
            await context.Publish(new AcquisitionRejected { AcquisitionId = request.AcquisitionId, Reasons = [.. reasons] }, ct);
            telemetry.Rejected.Add(1);
            LogRejected(logger, request.AcquisitionId, string.Join(" ", reasons));
            return null;
        }

        await claims.ClaimAsync(plan.ToClaim(), ct);
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
        return plan;
    }

    /// <summary>Publishes each receiver's outcome as soon as the coordinator has it.</summary>
    private async Task CaptureAllAsync(ConsumeContext context, AcquisitionPlan plan)
    {
        var ct = context.CancellationToken;
        await foreach (var outcome in coordinator.CaptureAllAsync(plan, ct))
        {
            switch (outcome)
            {
                case CaptureSucceeded captured:
                    var bytes = captured.Capture.Iq;
                    MessageData<byte[]> iq = bytes.Length < options.Value.ClaimCheckThresholdBytes
                        ? new BytesInlineMessageData(bytes)
                        : await claimChecks.PutBytes(bytes, ct);
                    await context.Publish(CaptureMessages.Captured(plan, captured, iq, Convert.ToHexStringLower(SHA512.HashData(bytes))), ct);
                    break;
                case CaptureFailed failed:
                    await context.Publish(CaptureMessages.Failed(plan, failed), ct);
                    break;
            }
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Acquisition {AcquisitionId} started: {Receivers} receivers at {FrequencyHz} Hz from {StartAtUtc:O} (resumed: {Resumed})")]
    private static partial void LogStarted(ILogger logger, Guid acquisitionId, int receivers, double frequencyHz, DateTimeOffset startAtUtc, bool resumed);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId} rejected: {Reasons}")]
    private static partial void LogRejected(ILogger logger, Guid acquisitionId, string reasons);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Duplicate request {AcquisitionId} ignored: {State}")]
    private static partial void LogDuplicate(ILogger logger, Guid acquisitionId, string state);
}
