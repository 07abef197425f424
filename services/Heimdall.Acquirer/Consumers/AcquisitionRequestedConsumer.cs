using System.Diagnostics;
using Heimdall.Acquirer.Requests;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Validates a request, claims its id, publishes <see cref="AcquisitionStarted"/>, captures from every receiver and
/// publishes each one's <see cref="IqCaptured"/> or <see cref="ReceiverCaptureFailed"/> as it comes in
/// (<see cref="CaptureReporter"/>), then <see cref="AcquisitionCaptured"/>.
/// Invalid: one <see cref="AcquisitionRejected"/> listing every reason, never retried. No usable id: the error queue.
/// Duplicate: nothing is captured again (a rejected one is answered again with its reasons). Failures are the bus's
/// (docs/design.md, Failures): a dependency that stays away puts the request back on its queue, and the redelivery
/// resumes the capture with the receivers not reported yet.
/// </summary>
public sealed partial class AcquisitionRequestedConsumer(
    AcquisitionClaims claims,
    ReceiverDirectory directory,
    RequestValidator validator,
    ReplayResolver replays,
    CaptureReporter reporter,
    AcquirerTelemetry telemetry,
    TimeProvider clock,
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

        // Held while the acquisition is captured, and released however this ends: a redelivered or retried copy finds it unlocked.
        await using var lease = await claims.TryLockAsync(request.AcquisitionId, context.CancellationToken);
        if (lease is null)
        {
            LogDuplicate(logger, request.AcquisitionId, "being captured right now");
            return;
        }

        if (await AcceptAsync(context, request) is not { } plan)
        {
            return;
        }

        span?.SetTag("heimdall.outcome", "captured");
        span?.SetTag("heimdall.receivers", plan.Receivers.Count);
        await reporter.CaptureAndReportAsync(context, plan);
        var capturedAt = clock.GetUtcNow();
        await context.Publish(new AcquisitionCaptured { AcquisitionId = plan.AcquisitionId, CapturedAtUtc = capturedAt }, context.CancellationToken);
        await claims.MarkCapturedAsync(plan.AcquisitionId, capturedAt, context.CancellationToken);
    }

    /// <summary>
    /// Validates and claims the request; the receivers still to capture, or null when there is nothing to capture
    /// (duplicate or rejected).
    /// </summary>
    private async Task<AcquisitionPlan?> AcceptAsync(ConsumeContext context, AcquisitionRequested request)
    {
        var ct = context.CancellationToken;
        var existing = await claims.FindAsync(request.AcquisitionId, ct);
        if (existing is { Status: ClaimStates.Rejected })
        {
            await context.Publish(Rejection(request, existing.Reasons, new DateTimeOffset(existing.ClaimedAt, TimeSpan.Zero)), ct);
            Activity.Current?.SetTag("heimdall.outcome", "duplicate");
            LogDuplicate(logger, request.AcquisitionId, "rejected before; rejection published again");
            return null;
        }

        if (existing is { Captured: true })
        {
            Activity.Current?.SetTag("heimdall.outcome", "duplicate");
            LogDuplicate(logger, request.AcquisitionId, "already captured");
            return null;
        }

        // A capture whose consumer died (or that waited out an outage) is resumed now: its original start instant has
        // passed, and only the receivers whose outcome was not published yet are captured.
        var resumed = existing is not null;
        var (plan, reasons) = await PlanAsync(resumed ? request with { StartAtUtc = null } : request, ct);
        if (plan is null)
        {
            var rejectedAt = await claims.RecordRejectedAsync(request.AcquisitionId, reasons, ct);
            await context.Publish(Rejection(request, [.. reasons], rejectedAt), ct);
            telemetry.Rejected.Add(1);
            Activity.Current?.SetTag("heimdall.outcome", "rejected");
            LogRejected(logger, request.AcquisitionId, string.Join(" ", reasons));
            return null;
        }

        var claimedAt = await claims.RecordAcceptedAsync(plan.AcquisitionId, ct);
        await context.Publish(new AcquisitionStarted
        {
            AcquisitionId = plan.AcquisitionId,
            ReceiverIds = [.. plan.Receivers.Select(r => r.ReceiverId)],
            FrequencyHz = plan.FrequencyHz,
            SampleRateHz = plan.RequestedSampleRateHz,
            DurationSeconds = plan.DurationSeconds,
            StartAtUtc = plan.StartAtUtc,
            RequestedAtUtc = claimedAt,
            RequestedBy = plan.RequestedBy,
            OutcomesDueAtUtc = plan.OutcomesDueAt,
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

    private static AcquisitionRejected Rejection(AcquisitionRequested request, string[] reasons, DateTimeOffset requestedAt) => new()
    {
        AcquisitionId = request.AcquisitionId,
        Reasons = reasons,
        RequestedAtUtc = requestedAt,
        FrequencyHz = request.FrequencyHz,
        DurationSeconds = request.DurationSeconds,
        RequestedBy = request.RequestedBy,
    };

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Acquisition {AcquisitionId} started: {Receivers} receivers at {FrequencyHz} Hz from {StartAtUtc:O} (resumed: {Resumed})")]
    private static partial void LogStarted(ILogger logger, Guid acquisitionId, int receivers, double frequencyHz, DateTimeOffset startAtUtc, bool resumed);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId} rejected: {Reasons}")]
    private static partial void LogRejected(ILogger logger, Guid acquisitionId, string reasons);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Duplicate request {AcquisitionId} ignored: {State}")]
    private static partial void LogDuplicate(ILogger logger, Guid acquisitionId, string state);
}
