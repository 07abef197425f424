using System.Diagnostics;
using System.Runtime.CompilerServices;
using Heimdall.Domain.Acquisitions;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers;
using Heimdall.Signal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Captures from every receiver of a plan concurrently and yields each receiver's outcome as soon as it is known. Each
/// receiver has its own attempt timeout (its timeout_seconds plus the wait for the start and the capture itself) and its
/// own retries with exponential backoff, so a failing receiver never delays the others beyond its timeout; after its
/// retries it yields a <see cref="CaptureFailed"/>. A receiver whose driver counts its channels is captured within them
/// (<see cref="ReceiverChannels"/>): a capture waits for a channel Heimdall's own acquisitions hold until its start
/// tolerance has passed, else fails naming them, and a refusal while Heimdall holds another channel of that receiver
/// puts it in no cool-down (the server refused Heimdall's own session, not others'). It publishes nothing: the consumer does.
/// </summary>
public sealed partial class CaptureCoordinator(
    ReceiverDrivers drivers,
    ReceiverChannels channels,
    IOptions<AcquisitionRules> rules,
    AcquirerTelemetry telemetry,
    TimeProvider clock,
    ILogger<CaptureCoordinator> logger)
{
    public async IAsyncEnumerable<CaptureOutcome> CaptureAllAsync(AcquisitionPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var receiver in plan.Receivers)
        {
            telemetry.ExportAtZero(receiver);
        }

        await foreach (var done in Task.WhenEach(plan.Receivers.Select(receiver => CaptureOneAsync(plan, receiver, cancellationToken))).WithCancellation(cancellationToken))
        {
            yield return await done;
        }
    }

    /// <summary>
    /// When every receiver of the plan has had all its chances (<see cref="AcquisitionPlan.OutcomesDueAt"/>), counting the
    /// wait for a channel: a receiver whose channels are counted may start its first attempt as late as the start plus
    /// Acquirer:StartToleranceSeconds (<see cref="ChannelAsync"/>).
    /// </summary>
    public DateTimeOffset OutcomesDueAt(AcquisitionPlan plan) =>
        plan.OutcomesDueAt(r => drivers.Channels(r) is null ? TimeSpan.Zero : TimeSpan.FromSeconds(rules.Value.StartToleranceSeconds));

    private async Task<CaptureOutcome> CaptureOneAsync(AcquisitionPlan plan, Receiver receiver, CancellationToken cancellationToken)
    {
        using var activity = AcquirerTelemetry.ActivitySource.StartActivity("capture");
        activity?.SetTag("heimdall.acquisition_id", plan.AcquisitionId);
        activity?.SetTag("heimdall.receiver_id", receiver.ReceiverId);
        activity?.SetTag("heimdall.receiver.name", receiver.Name);
        var started = Stopwatch.GetTimestamp();
        var request = new CaptureRequest(plan.AcquisitionId, plan.FrequencyHz, plan.SampleRateFor(receiver), plan.SampleCountFor(receiver), plan.StartAtUtc);
        if (receiver.CoolDown is { } coolDown)
        {
            // Never contact a server that asked for patience: it blacklists clients that keep coming back.
            var skipped = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{receiver} is in a cool-down until {coolDown.Until.UtcDateTime:O} and was not contacted: {coolDown.Reason}");
            LogCaptureFailed(logger, plan.AcquisitionId, receiver.ReceiverId, receiver.Name, 0, skipped);
            activity?.SetStatus(ActivityStatusCode.Error, skipped);
            telemetry.RecordFailed(receiver);
            return new CaptureFailed(receiver, skipped, 0, null);
        }

        var attempts = 0;
        var failedAttempts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            if (drivers.Validate(receiver) is { Count: > 0 } problems)
            {
                throw new ReceiverNotSupportedException($"{receiver} is misconfigured: {string.Join(" ", problems)}");
            }

            using var channel = await ChannelAsync(receiver, request, cancellationToken);
            var (capture, measured) = await Pipeline(receiver, request, failedAttempts).ExecuteAsync(async ct =>
            {
                Interlocked.Increment(ref attempts);
                var raw = await drivers.For(receiver).CaptureAsync(receiver, request, ct);

                // Data that cannot be measured (only zeros, NaN, a torn last sample) fails this attempt like any receiver fault.
                // A receiver without IQ (OpenWebRX) measured its capture itself, from what it has (its spectrum); IQ is measured
                // inside the band the receiver passed.
                return (raw, raw.Measurement ?? await Task.Run(raw.Measure, ct));
            }, cancellationToken);
            capture = WithChannelWait(WithAttemptWarnings(capture, request, failedAttempts, attempts), channel);
            capture = capture with { Timing = capture.Timing with { Attempts = attempts } };
            telemetry.RecordCaptured(receiver, measured, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("heimdall.capture.attempts", attempts);
            activity?.SetTag("heimdall.capture.samples", capture.SampleCount);
            activity?.SetTag("heimdall.capture.bytes", capture.Iq.Length);
            activity?.SetTag("heimdall.signal.detected", measured.SignalDetected);
            activity?.SetTag("heimdall.signal.snr_db", measured.SnrDb);
            return new CaptureSucceeded(receiver, capture, measured);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = WithEarlierAttempts(Describe(ex, receiver, request), failedAttempts);
            var counted = ex is ChannelsHeldException ? 0 : Math.Max(attempts, 1);
            LogCaptureFailed(logger, plan.AcquisitionId, receiver.ReceiverId, receiver.Name, counted, reason);
            activity?.SetTag("heimdall.capture.attempts", counted);
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            telemetry.RecordFailed(receiver);
            var askedCoolDown = (ex as ReceiverRefusedException)?.CoolDown;
            if (askedCoolDown is not null && channels.HeldByOthers(receiver.ReceiverId, plan.AcquisitionId) is { Count: > 0 } ours)
            {
                // Heimdall holds another channel of this receiver right now: the refusal is (at least partly) its own doing.
                reason += $" No cool-down: Heimdall's own acquisition {string.Join(", ", ours)} holds a channel of this receiver (settings.channels may exceed what the server gives).";
                askedCoolDown = null;
            }

            return new CaptureFailed(receiver, reason, counted, askedCoolDown);
        }
    }

    /// <summary>
    /// A channel of the receiver for this capture when its driver counts them (else null), taken from timeout_seconds
    /// before the start: waits for one that Heimdall's own acquisitions hold until the start tolerance has passed (a capture happens at the requested instant or not at
    /// all), then throws <see cref="ChannelsHeldException"/> naming them.
    /// </summary>
    private async Task<ChannelLease?> ChannelAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        if (drivers.Channels(receiver) is not { } count)
        {
            return null;
        }

        // A channel is taken no earlier than timeout_seconds before the start (a driver connects within that), so a capture
        // scheduled later does not hold it while an earlier one could still use it.
        var taken = request.StartAtUtc - TimeSpan.FromSeconds(receiver.TimeoutSeconds) - clock.GetUtcNow();
        if (taken > TimeSpan.Zero)
        {
            await Task.Delay(taken, clock, cancellationToken);
        }

        var latest = request.StartAtUtc + TimeSpan.FromSeconds(rules.Value.StartToleranceSeconds);
        var lease = await channels.AcquireAsync(receiver.ReceiverId, count, request.AcquisitionId, latest, cancellationToken);
        return lease.Granted ? lease : throw new ChannelsHeldException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{receiver} was not contacted: its {count} channel(s) that Heimdall may hold (settings.channels) were held by Heimdall's own acquisition {string.Join(", ", lease.Holders)} until after the requested start {request.StartAtUtc.UtcDateTime:O} plus the start tolerance ({rules.Value.StartToleranceSeconds} s)."));
    }

    /// <summary>A capture that waited for a channel of its receiver says so in its timing warnings.</summary>
    private static RawCapture WithChannelWait(RawCapture capture, ChannelLease? channel) =>
        channel is { Holders.Count: > 0 }
            ? capture with
            {
                Timing = capture.Timing with
                {
                    Warnings = [.. capture.Timing.Warnings, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"The capture waited {channel.Waited.TotalSeconds:0.###} s for a channel of the receiver that Heimdall's own acquisition {string.Join(", ", channel.Holders)} held.")],
                },
            }
            : capture;

    /// <summary>
    /// A capture that needed more than one attempt says so in its timing warnings (which go into its SigMF metadata):
    /// each failed attempt's reason, and how late the capture started against the requested start.
    /// </summary>
    private static RawCapture WithAttemptWarnings(RawCapture capture, CaptureRequest request, IEnumerable<string> failedAttempts, int attempts)
    {
        var failed = failedAttempts.ToList();
        if (failed.Count == 0)
        {
            return capture;
        }

        var late = (capture.CaptureStartUtc - request.StartAtUtc).TotalSeconds;
        var warning = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The capture comes from attempt {attempts} of the receiver, {late:0.###} s after the requested start: {string.Join("; ", failed).TrimEnd('.')}.");
        return capture with { Timing = capture.Timing with { Warnings = [.. capture.Timing.Warnings, warning] } };
    }

    /// <summary>The last attempt's reason, preceded by the earlier attempts' own when there were any.</summary>
    private static string WithEarlierAttempts(string reason, IEnumerable<string> failedAttempts) =>
        failedAttempts.ToList() is { Count: > 0 } earlier ? $"{reason} Earlier: {string.Join("; ", earlier)}." : reason;

    private ResiliencePipeline Pipeline(Receiver receiver, CaptureRequest request, System.Collections.Concurrent.ConcurrentQueue<string> failedAttempts)
    {
        var builder = new ResiliencePipelineBuilder();
        if (receiver.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // A missing driver or a misconfiguration cannot heal, and a refusing server must not be asked again at once.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (ReceiverNotSupportedException or ReceiverRefusedException)),
                MaxRetryAttempts = receiver.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                OnRetry = args =>
                {
                    failedAttempts.Enqueue(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"attempt {args.AttemptNumber + 1} failed: {(args.Outcome.Exception is { } failure ? Describe(failure, receiver, request) : "no result")}"));
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder
            .AddTimeout(new TimeoutStrategyOptions
            {
                // Each attempt may wait for the start instant, then must deliver within the capture length plus the receiver's own timeout.
                TimeoutGenerator = _ =>
                {
                    var wait = request.StartAtUtc - clock.GetUtcNow();
                    var budget = TimeSpan.FromSeconds(receiver.TimeoutSeconds + (request.SampleCount / request.SampleRateHz));
                    return ValueTask.FromResult((wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + budget);
                },
            })
            .Build();
    }

    private static string Describe(Exception ex, Receiver receiver, CaptureRequest request) => ex switch
    {
        TimeoutRejectedException => $"{receiver} did not deliver {request.SampleCount} samples within its timeout ({receiver.TimeoutSeconds} s plus the capture length).",
        _ when ex.Message.StartsWith(receiver.ToString(), StringComparison.Ordinal) => ex.Message,
        _ => $"{receiver}: {ex.Message}",
    };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Capture {AcquisitionId} failed on receiver {ReceiverId} '{ReceiverName}' after {Attempts} attempts: {Reason}")]
    private static partial void LogCaptureFailed(ILogger logger, Guid acquisitionId, int receiverId, string receiverName, int attempts, string reason);
}

/// <summary>Every channel of the receiver that Heimdall may hold was held by its own acquisitions past the capture's start.</summary>
public sealed class ChannelsHeldException(string message) : Exception(message);

/// <summary>What became of one receiver of an acquisition.</summary>
public abstract record CaptureOutcome(Receiver Receiver);

/// <summary>The samples exactly as delivered, and what the analyzer measured on them.</summary>
public sealed record CaptureSucceeded(Receiver Receiver, RawCapture Capture, SignalMeasurement Measurement) : CaptureOutcome(Receiver);

/// <summary>
/// The receiver failed every attempt (or was not attempted: <see cref="Attempts"/> 0); <see cref="Reason"/> says why.
/// <see cref="CoolDown"/>: the server refused and asked not to be contacted again for this long.
/// </summary>
public sealed record CaptureFailed(Receiver Receiver, string Reason, int Attempts, TimeSpan? CoolDown) : CaptureOutcome(Receiver);
