using System.Diagnostics;
using System.Globalization;
using Heimdall.Acquirer.Requests;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    CaptureCoordinator coordinator,
    IOptions<AcquirerOptions> options,
    IOptions<AcquisitionRules> rules,
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

        if (await AcceptAsync(context, request) is not { } accepted)
        {
            return;
        }

        var plan = accepted.Plan;
        if (accepted.Missed is { } missed)
        {
            span?.SetTag("heimdall.outcome", "start_missed");
            LogStartMissed(logger, plan.AcquisitionId, missed);
            await reporter.ReportNotCapturedAsync(context, plan, missed);
        }
        else
        {
            span?.SetTag("heimdall.outcome", "captured");
            span?.SetTag("heimdall.receivers", plan.Receivers.Count);
            await reporter.CaptureAndReportAsync(context, plan);
        }

        var capturedAt = clock.GetUtcNow();
        await context.Publish(new AcquisitionCaptured { AcquisitionId = plan.AcquisitionId, CapturedAtUtc = capturedAt }, context.CancellationToken);
        await claims.MarkCapturedAsync(plan.AcquisitionId, capturedAt, context.CancellationToken);
    }

    /// <summary>
    /// Validates and claims the request; the receivers still to capture, or null when there is nothing to capture now
    /// (duplicate, rejected, or scheduled: its start is further ahead than Acquirer:ScheduleLeadSeconds, so it is
    /// acknowledged and sent back by <see cref="ScheduledCaptureDispatcher"/> when the start is near, never held
    /// unacknowledged past the broker's consumer_timeout).
    /// </summary>
    private async Task<Accepted?> AcceptAsync(ConsumeContext context, AcquisitionRequested request)
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

        // A capture whose consumer died (or that waited out an outage, or that was scheduled) is resumed now, with the
        // receivers whose outcome was not published yet, and at the start it asked for: never at another time. A request
        // without a start is captured now.
        var resumed = existing is not null;
        AcquisitionPlan? plan;
        IReadOnlyList<string> reasons;
        string? missed = null;
        if (resumed)
        {
            (plan, reasons, missed) = await ResumeAsync(request, ct);
        }
        else
        {
            (plan, reasons) = await PlanAsync(request, ct);
        }

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
            OutcomesDueAtUtc = coordinator.OutcomesDueAt(plan),
        }, ct);
        if (!resumed)
        {
            telemetry.Accepted.Add(1);
        }

        LogStarted(logger, plan.AcquisitionId, plan.Receivers.Count, plan.FrequencyHz, plan.StartAtUtc, resumed);
        var lead = TimeSpan.FromSeconds(options.Value.ScheduleLeadSeconds);
        if (missed is null && plan.StartAtUtc - clock.GetUtcNow() > lead)
        {
            await claims.RecordScheduledAsync(plan.AcquisitionId, plan.StartAtUtc, ScheduledCaptureDispatcher.Serialize(request), ct);
            Activity.Current?.SetTag("heimdall.outcome", "scheduled");
            LogScheduled(logger, plan.AcquisitionId, plan.StartAtUtc, plan.StartAtUtc - lead);
            return null;
        }

        return new Accepted(existing is { ReportedReceiverIds.Length: > 0 } ? plan.Without(existing.ReportedReceiverIds) : plan, missed);
    }

    /// <summary>
    /// The plan of a claimed request, at the start it asked for: a start still ahead (or within the start tolerance) is
    /// kept; one that has passed is missed (the reason), and nothing is captured at another time.
    /// </summary>
    private async Task<(AcquisitionPlan? Plan, IReadOnlyList<string> Reasons, string? Missed)> ResumeAsync(AcquisitionRequested request, CancellationToken ct)
    {
        var (plan, reasons) = await PlanAsync(request with { StartAtUtc = null }, ct);
        if (plan is null || request.StartAtUtc is not { } start)
        {
            return (plan, reasons, null);
        }

        var now = clock.GetUtcNow();
        var late = now - start;
        var tolerance = rules.Value.StartToleranceSeconds;
        if (late.TotalSeconds > tolerance)
        {
            return (plan with { StartAtUtc = start }, reasons, string.Create(CultureInfo.InvariantCulture,
                $"Not captured: the requested start {start.UtcDateTime:O} had passed {late.TotalSeconds:0.#} s before the capture could begin (start tolerance {tolerance} s); a capture happens at the requested instant or not at all."));
        }

        return (start > now ? plan with { StartAtUtc = start } : plan, reasons, null);
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

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Acquisition {AcquisitionId} scheduled for {StartAtUtc:O}: acknowledged, and sent back for its capture at {DueAtUtc:O}")]
    private static partial void LogScheduled(ILogger logger, Guid acquisitionId, DateTimeOffset startAtUtc, DateTimeOffset dueAtUtc);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId}: {Reason}")]
    private static partial void LogStartMissed(ILogger logger, Guid acquisitionId, string reason);

    /// <summary>What to do with an accepted request now: capture <see cref="Plan"/>, or report its receivers not captured (<see cref="Missed"/>).</summary>
    private sealed record Accepted(AcquisitionPlan Plan, string? Missed);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Duplicate request {AcquisitionId} ignored: {State}")]
    private static partial void LogDuplicate(ILogger logger, Guid acquisitionId, string state);
}
