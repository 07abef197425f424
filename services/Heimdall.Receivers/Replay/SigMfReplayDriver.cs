using System.Diagnostics;
using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Signal;
using Heimdall.Storage;
using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.Replay;

/// <summary>
/// A SigMF recording replayed as a receiver (kind <c>file</c>; url <c>file:///…</c> or <c>s3://bucket/…</c>). Delivers the
/// samples exactly as recorded (ci16_le, cu8 or cf32_le, no conversion) from <c>startSample</c>, at the recording's rate,
/// timed by the recording's <c>core:datetime</c> (source <c>recorded</c>). Real time waits for the start and takes as
/// long as the samples; full speed reads only the bytes replayed and returns at once. A request the recording cannot
/// honour (another rate or frequency, more samples than it holds) is refused.
/// </summary>
public sealed partial class SigMfReplayDriver(TimeProvider clock, ILogger<SigMfReplayDriver> logger, ObjectStore? store = null) : IReceiverDriver
{
    public const string KindName = "file";

    /// <summary>How far the requested rate may be from the recording's: nominal against exact rates (a KiwiSDR's 12000 against 11998.9).</summary>
    public const double RateTolerance = 1e-3;

    /// <summary>How far the requested frequency may be from the recording's, Hz.</summary>
    public const double FrequencyToleranceHz = 1;

    public string Kind => KindName;

    public IReadOnlyList<string> Validate(Receiver receiver)
    {
        var problems = new List<string>();
        var settings = SigMfReplaySettings.Read(receiver, problems);
        if (settings is { Location.OnDisk: false } && store is null)
        {
            problems.Add($"url '{receiver.Url}' is in the object store, and this process has none configured (section S3).");
        }

        return problems;
    }

    public async Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(request);
        var (settings, storage) = Open(receiver);
        var recording = await SigMfReplayResolver.ResolveAsync(settings, storage, cancellationToken);
        var meta = recording.Meta;
        Check(settings, recording, request);

        if (settings.Speed == ReplaySpeed.RealTime)
        {
            await clock.UntilAsync(request.StartAtUtc, cancellationToken);
        }

        var began = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var bytesPerSample = meta.Format.BytesPerSample();
        var iq = new byte[checked(request.SampleCount * bytesPerSample)];
        var (position, filled) = (settings.StartSample, 0L);
        while (filled < iq.Length)
        {
            var take = Math.Min(iq.Length - filled, (recording.SampleCount - position) * bytesPerSample);
            await storage.ReadAsync(recording.DataPath, position * bytesPerSample, iq.AsMemory((int)filled, (int)take), cancellationToken);
            filled += take;
            position = (position + (take / bytesPerSample)) % recording.SampleCount;
        }

        var read = Stopwatch.GetElapsedTime(started);
        if (settings.Speed == ReplaySpeed.RealTime)
        {
            await clock.UntilAsync(began + TimeSpan.FromSeconds(request.SampleCount / meta.SampleRateHz), cancellationToken);
        }

        var recorded = meta.TimeOf(settings.StartSample);
        LogReplayed(logger, recording.MetaUrl, request.SampleCount, settings.StartSample, meta.SampleRateHz, settings.Speed, read.TotalMilliseconds);
        // The band the recording's receiver passed, as recorded: a replay measures what the original measured.
        return new RawCapture(iq, meta.Format, meta.SampleRateHz, request.SampleCount, recorded ?? began, Timing(settings, recording, request, recorded is not null), meta.Passband);
    }

    public async Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var probedAt = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (settings, storage) = Open(receiver);
            var recording = await SigMfReplayResolver.ResolveAsync(settings, storage, cancellationToken);
            return new ReceiverHealth
            {
                ProbedAt = probedAt,
                Reachable = true,
                LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Version = recording.Meta.ReceiverVersion ?? recording.Meta.Hardware,
                Detail = string.Create(CultureInfo.InvariantCulture,
                    $"{recording.MetaUrl} and its data are there: {recording.SampleCount} {recording.Meta.Format.ToSigMf()} samples, {recording.SampleCount / recording.Meta.SampleRateHz:0.###} s at {recording.Meta.SampleRateHz} Hz."),
            };
        }
        catch (Exception ex) when (ex is ReceiverRefusedException or ReceiverNotSupportedException or IOException or UnauthorizedAccessException)
        {
            return new ReceiverHealth { ProbedAt = probedAt, Reachable = false, LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds, Detail = ex.Message };
        }
    }

    private (SigMfReplaySettings Settings, IReplayStorage Storage) Open(Receiver receiver)
    {
        var settings = ReceiverSettingsCheck.ForCapture(receiver, SigMfReplaySettings.Read);

        IReplayStorage storage = settings.Location.OnDisk
            ? DiskReplayStorage.Instance
            : new BucketReplayStorage(store ?? throw new ReceiverNotSupportedException($"{receiver}: url '{receiver.Url}' is in the object store, and this process has none configured (section S3)."), settings.Location.Bucket!);
        return (settings, storage);
    }

    /// <summary>A replay cannot resample, retune or invent samples: a request that needs any of it is refused.</summary>
    private static void Check(SigMfReplaySettings settings, ReplayRecording recording, CaptureRequest request)
    {
        var meta = recording.Meta;
        if (Math.Abs(request.SampleRateHz - meta.SampleRateHz) > RateTolerance * meta.SampleRateHz)
        {
            throw new ReceiverRefusedException(Format(
                $"{recording.MetaUrl} was recorded at {meta.SampleRateHz} Hz; a replay cannot resample it to {request.SampleRateHz} Hz (the request's sampleRateHz, or the receiver's sample_rate_hz, must be the recording's within 0.1 %)."));
        }

        if (settings.StartSample >= recording.SampleCount)
        {
            throw new ReceiverRefusedException(Format($"{recording.MetaUrl} holds {recording.SampleCount} samples; settings.startSample {settings.StartSample} is past its end."));
        }

        if (!settings.Loop && settings.StartSample + request.SampleCount > recording.SampleCount)
        {
            throw new ReceiverRefusedException(Format(
                $"{recording.MetaUrl} holds {recording.SampleCount} samples ({recording.SampleCount / meta.SampleRateHz:0.###} s); {request.SampleCount} from sample {settings.StartSample} were asked for: settings.loop wraps around instead."));
        }

        if (settings.MatchFrequency && meta.SegmentAt(settings.StartSample).FrequencyHz is { } recorded && Math.Abs(recorded - request.FrequencyHz) > FrequencyToleranceHz)
        {
            throw new ReceiverRefusedException(Format(
                $"{recording.MetaUrl} was recorded at {recorded} Hz, not the {request.FrequencyHz} Hz asked for; a replay cannot retune (settings.matchFrequency false replays it anyway)."));
        }
    }

    private static CaptureTiming Timing(SigMfReplaySettings settings, ReplayRecording recording, CaptureRequest request, bool recorded)
    {
        var meta = recording.Meta;
        var start = settings.StartSample;
        var end = Math.Min(start + request.SampleCount, recording.SampleCount);
        var warnings = new List<string>
        {
            Format($"replayed from {recording.MetaUrl}: samples {start} to {start + request.SampleCount - 1} of its {recording.SampleCount}{(start + request.SampleCount > recording.SampleCount ? ", wrapping around to sample 0" : "")}."),
        };
        if (meta.TimingSource is { } source)
        {
            warnings.Add($"the recording's own time came from {source}.");
        }

        if (!recorded)
        {
            warnings.Add("the recording holds no core:datetime: the capture is timed by the host clock when the replay began.");
        }

        return new CaptureTiming
        {
            Source = recorded ? TimingSources.Recorded : TimingSources.HostClock,
            Stamps = [.. meta.Segments
                .Where(s => s.DateTime is not null && s.SampleStart > start && s.SampleStart < end)
                .Select(s => new CaptureTimeStamp { SampleIndex = s.SampleStart - start, Utc = s.DateTime!.Value })],
            ReceiverVersion = meta.ReceiverVersion,
            Warnings = [.. warnings],
        };
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 740, Level = LogLevel.Information, Message = "Replayed {MetaUrl}: {SampleCount} samples from sample {StartSample} at {SampleRateHz} Hz ({Speed}; read in {ReadMs} ms)")]
    private static partial void LogReplayed(ILogger logger, string metaUrl, long sampleCount, long startSample, double sampleRateHz, ReplaySpeed speed, double readMs);
}
