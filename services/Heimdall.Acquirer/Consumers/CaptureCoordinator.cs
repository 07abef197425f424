using System.Diagnostics;
using System.Security.Cryptography;
using Heimdall.Acquirer.Receivers;
using Heimdall.Acquirer.Requests;
using Heimdall.Contracts;
using Heimdall.Signal;
using MassTransit;
using MassTransit.MessageData.Values;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Captures from every receiver of a plan concurrently. Each receiver has its own attempt timeout (its timeout_seconds
/// plus the wait for the start and the capture itself) and its own retries with exponential backoff, so a failing
/// receiver never delays the others beyond its timeout; after its retries it yields <see cref="ReceiverCaptureFailed"/>.
/// </summary>
public sealed partial class CaptureCoordinator(
    ReceiverDrivers drivers,
    IMessageDataRepository claimChecks,
    IOptions<AcquirerOptions> options,
    AcquirerTelemetry telemetry,
    TimeProvider clock,
    ILogger<CaptureCoordinator> logger)
{
    public Task CaptureAllAsync(ConsumeContext context, AcquisitionPlan plan) =>
        Task.WhenAll(plan.Receivers.Select(receiver => CaptureOneAsync(context, plan, receiver)));

    private async Task CaptureOneAsync(ConsumeContext context, AcquisitionPlan plan, Receiver receiver)
    {
        using var activity = AcquirerTelemetry.ActivitySource.StartActivity("capture");
        activity?.SetTag("heimdall.acquisition_id", plan.AcquisitionId);
        activity?.SetTag("heimdall.receiver_id", receiver.ReceiverId);
        var started = Stopwatch.GetTimestamp();
        var tag = new KeyValuePair<string, object?>("receiver", receiver.Name);
        var request = new CaptureRequest(plan.AcquisitionId, plan.FrequencyHz, plan.SampleRateFor(receiver), plan.SampleCountFor(receiver), plan.StartAtUtc);
        var attempts = 0;
        try
        {
            var (capture, measured) = await Pipeline(receiver, request).ExecuteAsync(async ct =>
            {
                Interlocked.Increment(ref attempts);
                var raw = await drivers.For(receiver).CaptureAsync(receiver, request, ct);

                // Data that cannot be measured (only zeros, NaN, a torn last sample) fails this attempt like any receiver fault.
                return (raw, await Task.Run(() => SignalAnalyzer.Measure(raw.Iq, raw.Format, raw.SampleRateHz), ct));
            }, context.CancellationToken);
            await PublishCaptureAsync(context, plan, receiver, capture, measured);
            telemetry.Captures.Add(1, tag);
            telemetry.CaptureDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            var reason = Describe(ex, receiver, request);
            LogCaptureFailed(logger, plan.AcquisitionId, receiver.ReceiverId, receiver.Name, Math.Max(attempts, 1), reason);
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            telemetry.CaptureFailures.Add(1, tag);
            await context.Publish(new ReceiverCaptureFailed
            {
                AcquisitionId = plan.AcquisitionId,
                ReceiverId = receiver.ReceiverId,
                Reason = reason,
                Attempts = Math.Max(attempts, 1),
            }, context.CancellationToken);
        }
    }

    private async Task PublishCaptureAsync(ConsumeContext context, AcquisitionPlan plan, Receiver receiver, RawCapture capture, SignalMeasurement measured)
    {
        var sha512 = Convert.ToHexStringLower(SHA512.HashData(capture.Iq));
        MessageData<byte[]> iq = capture.Iq.Length < options.Value.ClaimCheckThresholdBytes
            ? new BytesInlineMessageData(capture.Iq)
            : await claimChecks.PutBytes(capture.Iq, context.CancellationToken);

        await context.Publish(new IqCaptured
        {
            AcquisitionId = plan.AcquisitionId,
            ReceiverId = receiver.ReceiverId,
            Receiver = new ReceiverSnapshot
            {
                Name = receiver.Name,
                Kind = receiver.Kind,
                Latitude = receiver.Latitude,
                Longitude = receiver.Longitude,
                AltitudeM = receiver.AltitudeM,
            },
            FrequencyHz = plan.FrequencyHz,
            SampleRateHz = capture.SampleRateHz,
            SampleCount = capture.SampleCount,
            SampleFormat = capture.Format.ToSigMf(),
            CaptureStartUtc = capture.CaptureStartUtc,
            Metrics = ToMetrics(measured, receiver.CalibrationDb),
            Iq = iq,
            IqSha512 = sha512,
        }, context.CancellationToken);
    }

    /// <summary>
    /// The library's measurement as the contract carries it: no signal detected gives null SNR, offset and bandwidth (never
    /// numbers measured on noise); dBm only for a calibrated receiver.
    /// </summary>
    public static SignalMetrics ToMetrics(SignalMeasurement measured, double? calibrationDb) => new()
    {
        SignalDetected = measured.SignalDetected,
        SnrDb = measured.SnrDb,
        FrequencyOffsetHz = measured.FrequencyOffsetHz,
        PowerDbfs = measured.PowerDbfs,
        PowerDbm = calibrationDb is { } calibration ? measured.PowerDbfs + calibration : null,
        NoiseFloorDbfsPerHz = measured.NoiseFloorDbfsPerHz,
        PeakPsdDbfsPerHz = measured.PeakPsdDbfsPerHz,
        OccupiedBandwidthHz = measured.OccupiedBandwidthHz,
        ClippingFraction = measured.ClippingFraction,
    };

    private ResiliencePipeline Pipeline(Receiver receiver, CaptureRequest request)
    {
        var builder = new ResiliencePipelineBuilder();
        if (receiver.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not ReceiverNotSupportedException),
                MaxRetryAttempts = receiver.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
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
        _ => $"{receiver}: {ex.Message}",
    };

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Capture {AcquisitionId} failed on receiver {ReceiverId} '{ReceiverName}' after {Attempts} attempts: {Reason}")]
    private static partial void LogCaptureFailed(ILogger logger, Guid acquisitionId, int receiverId, string receiverName, int attempts, string reason);
}
