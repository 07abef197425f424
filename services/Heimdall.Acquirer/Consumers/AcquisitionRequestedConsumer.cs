using Heimdall.Acquirer.Receivers;
using Heimdall.Acquirer.Requests;
using Heimdall.Contracts;
using Heimdall.ServiceDefaults.Messaging;
using Heimdall.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Validates a request, claims its id, publishes <see cref="AcquisitionStarted"/> and captures from every receiver.
/// Invalid: one <see cref="AcquisitionRejected"/> listing every reason, never retried. No usable id: the error queue.
/// Duplicate: nothing is captured again (a rejected one is answered again with its reasons). Database away before the
/// capture starts: the request goes back on its queue after the retries.
/// </summary>
public sealed partial class AcquisitionRequestedConsumer(
    AcquisitionClaims claims,
    ReceiverDirectory directory,
    RequestValidator validator,
    CaptureCoordinator coordinator,
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

        IAsyncDisposable? lease = null;
        AcquisitionPlan? plan;
        try
        {
            lease = await claims.TryLockAsync(request.AcquisitionId, context.CancellationToken);
            plan = lease is null ? null : await AcceptAsync(context, request);
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            // Nothing was captured yet: the request waits out the outage on its queue.
            if (lease is not null)
            {
                await DisposeQuietlyAsync(lease);
            }

            await requeue.RequeueAsync(context, [context], ex);
            return;
        }

        if (lease is null)
        {
            LogDuplicate(logger, request.AcquisitionId, "being captured right now");
            return;
        }

        await using (lease)
        {
            if (plan is not null)
            {
                await coordinator.CaptureAllAsync(context, plan);
                await claims.MarkCapturedAsync(plan.AcquisitionId, context.CancellationToken);
            }
        }
    }

    /// <summary>Validates and claims the request; null when there is nothing to capture (duplicate or rejected).</summary>
    private async Task<AcquisitionPlan?> AcceptAsync(ConsumeContext context, AcquisitionRequested request)
    {
        var ct = context.CancellationToken;
        var existing = await claims.FindAsync(request.AcquisitionId, ct);
        if (existing is { Status: "rejected" })
        {
            await context.Publish(new AcquisitionRejected { AcquisitionId = request.AcquisitionId, Reasons = existing.Reasons }, ct);
            LogDuplicate(logger, request.AcquisitionId, "rejected before; rejection published again");
            return null;
        }

        if (existing is not null && (existing.Captured || existing.Status != "capturing"))
        {
            var state = "already captured (" + existing.Status + ")";
            LogDuplicate(logger, request.AcquisitionId, state);
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
            var joined = string.Join(" ", reasons);
            LogRejected(logger, request.AcquisitionId, joined);
            return null;
        }

        await claims.ClaimAsync(plan, ct);
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

    private static async Task DisposeQuietlyAsync(IAsyncDisposable lease)
    {
        try
        {
            await lease.DisposeAsync();
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            // The connection is gone, and with it the session lock.
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Acquisition {AcquisitionId} started: {Receivers} receivers at {FrequencyHz} Hz from {StartAtUtc:O} (resumed: {Resumed})")]
    private static partial void LogStarted(ILogger logger, Guid acquisitionId, int receivers, double frequencyHz, DateTimeOffset startAtUtc, bool resumed);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId} rejected: {Reasons}")]
    private static partial void LogRejected(ILogger logger, Guid acquisitionId, string reasons);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Duplicate request {AcquisitionId} ignored: {State}")]
    private static partial void LogDuplicate(ILogger logger, Guid acquisitionId, string state);
}
