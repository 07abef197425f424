using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.IqArchiver.SigMf;
using Heimdall.Messaging;
using Heimdall.Storage;
using Heimdall.Signal;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>
/// Writes one capture as a SigMF recording (data, then meta) and publishes <see cref="IqArchived"/>. A duplicate whose
/// metadata is already stored byte for byte rewrites nothing and publishes <see cref="IqArchived"/> again, so a
/// redelivered message completes the chain. A second, different capture of the same receiver (a capture resumed after
/// the Acquirer lost its record of the first) never replaces a recording: the first one stays, with the row its own
/// message leads to. A message that cannot be archived (<see cref="InvalidMessageException"/>) goes to the error queue;
/// the object store away beyond its retry is the bus's to wait out (docs/design.md, Failures). One object the store cannot
/// serve while it serves others (<see cref="ObjectUnservableException"/>) is no outage: a stored meta it cannot read is
/// written again (the recording is deterministic), and a recording it cannot write is given up at once with
/// <see cref="ReceiverCaptureFailed"/> naming the object, so the acquisition's outcome says so.
/// </summary>
public sealed partial class IqCapturedConsumer(
    ObjectStore store,
    S3MessageDataRepository claimChecks,
    IOptions<IqArchiverOptions> options,
    IqArchiverTelemetry telemetry,
    MetaHashes metaHashes,
    ILogger<IqCapturedConsumer> logger) : IConsumer<IqCaptured>
{
    public async Task Consume(ConsumeContext<IqCaptured> context)
    {
        var capture = context.Message;
        var ct = context.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        using var activity = IqArchiverTelemetry.ActivitySource.StartActivity("archive");
        activity?.SetTag("heimdall.acquisition_id", capture.AcquisitionId);
        activity?.SetTag("heimdall.receiver_id", capture.ReceiverId);
        if (MissingFields(capture) is { Count: > 0 } missing)
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId} lacks {string.Join(", ", missing)}.");
        }

        if (!SampleFormats.TryParse(capture.SampleFormat, out var format))
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: sampleFormat '{capture.SampleFormat}' is not ci16_le, cu8, cf32_le or ri16_le.");
        }

        if (format.IsReal() != capture.Audio is not null)
        {
            throw new InvalidMessageException(format.IsReal()
                ? $"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: sampleFormat ri16_le (real samples) without audio saying what they are: they would be archived as if they were a signal's IQ."
                : $"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: audio given with sampleFormat '{capture.SampleFormat}', which is IQ.");
        }

        var bucket = store.Bucket;
        var dataKey = ArchiveKeys.Data(capture.AcquisitionId, capture.ReceiverId);
        var metaKey = ArchiveKeys.Meta(capture.AcquisitionId, capture.ReceiverId);
        var meta = SigMfMetadata.Build(capture, options.Value.Recorder);
        var expectedBytes = capture.SampleCount * format.BytesPerSample();

        // Already archived with byte-identical metadata? One GET of the (small) meta: a missing object costs one 404.
        var (stored, unreadable) = await ReadMetaAsync(bucket, metaKey, ct);
        if (stored is not null && stored.AsSpan().SequenceEqual(meta))
        {
            telemetry.DuplicatesSkipped.Add(1);
            activity?.SetTag("heimdall.archive.duplicate", true);
            LogDuplicate(logger, capture.AcquisitionId, capture.ReceiverId);
        }
        else if (stored is not null)
        {
            // The first recording of this receiver stays: its own message publishes (or published) its IqArchived.
            telemetry.RecordingsSuperseded.Add(1);
            activity?.SetTag("heimdall.archive.superseded", true);
            LogSuperseded(logger, capture.AcquisitionId, capture.ReceiverId);
            await DeleteClaimCheckAsync(capture, ct);
            return;
        }
        else if (unreadable is not null && await StoredDataIsThisCaptureAsync(bucket, dataKey, capture, expectedBytes, ct))
        {
            // The data object is this capture's, byte for byte (its claim check may be gone by now): the meta is built from
            // the message alone, so writing it again restores the recording.
            try
            {
                await store.PutAsync(bucket, metaKey, meta, "application/json", ct);
            }
            catch (ObjectUnservableException ex)
            {
                await GiveUpAsync(context, ex);
                return;
            }

            telemetry.RecordingsRewritten.Add(1);
            activity?.SetTag("heimdall.archive.rewritten", true);
            LogRewritten(logger, capture.AcquisitionId, capture.ReceiverId, unreadable);
        }
        else
        {
            var iq = await LoadIqAsync(capture, expectedBytes);
            try
            {
                await store.PutAsync(bucket, dataKey, iq, "application/octet-stream", ct);
                if (options.Value.WriteNpy && !format.IsReal())
                {
                    await store.PutAsync(bucket, ArchiveKeys.Npy(capture.AcquisitionId, capture.ReceiverId), NpyFile.FromIq(iq, format), "application/octet-stream", ct);
                }

                if (capture.Spectrum is { } spectrum)
                {
                    // The spectrum beside the recording, before the recording's meta (whose presence says all is stored).
                    var levels = await LoadSpectrumAsync(capture, spectrum);
                    await store.PutAsync(bucket, ArchiveKeys.SpectrumData(capture.AcquisitionId, capture.ReceiverId), levels, "application/octet-stream", ct);
                    await store.PutAsync(bucket, ArchiveKeys.SpectrumMeta(capture.AcquisitionId, capture.ReceiverId),
                        SpectrumMetadata.Build(capture, spectrum, Convert.ToHexStringLower(SHA512.HashData(levels)), options.Value.Recorder), "application/json", ct);
                }

                // Meta last: its presence means the data object is complete.
                await store.PutAsync(bucket, metaKey, meta, "application/json", ct);
            }
            catch (ObjectUnservableException ex)
            {
                await GiveUpAsync(context, ex);
                return;
            }

            if (unreadable is not null)
            {
                telemetry.RecordingsRewritten.Add(1);
                LogRewritten(logger, capture.AcquisitionId, capture.ReceiverId, unreadable);
            }

            telemetry.RecordingsArchived.Add(1);
            telemetry.BytesArchived.Add(iq.Length);
            var uri = ObjectStore.UriOf(bucket, dataKey);
            activity?.SetTag("heimdall.archive.duplicate", false);
            activity?.SetTag("heimdall.archive.bytes", iq.Length);
            activity?.SetTag("heimdall.archive.uri", uri);
            LogArchived(logger, capture.AcquisitionId, capture.ReceiverId, iq.Length, uri);
        }

        metaHashes.Remember(capture.AcquisitionId, capture.ReceiverId, Convert.ToHexStringLower(SHA512.HashData(meta)));
        await context.Publish(new IqArchived
        {
            AcquisitionId = capture.AcquisitionId,
            ReceiverId = capture.ReceiverId,
            CaptureStartUtc = capture.CaptureStartUtc,
            FrequencyHz = capture.FrequencyHz,
            SampleRateHz = capture.SampleRateHz,
            SampleCount = capture.SampleCount,
            Metrics = capture.Metrics,
            IqUri = ObjectStore.UriOf(bucket, dataKey),
            MetaUri = ObjectStore.UriOf(bucket, metaKey),
            Bytes = expectedBytes,
            IqSha512 = capture.IqSha512,
            Receiver = capture.Receiver,
            TimingSource = capture.Timing?.Source,
            SpectrumUri = capture.Spectrum is null ? null : ObjectStore.UriOf(bucket, ArchiveKeys.SpectrumMeta(capture.AcquisitionId, capture.ReceiverId)),
            Passband = capture.Passband,
            Warnings = capture.Timing?.Warnings,
            Attempts = capture.Timing?.Attempts,
        }, ct);

        await DeleteClaimCheckAsync(capture, ct);
        telemetry.ArchiveDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Whether the stored data object holds this capture's samples (its length and SHA-512); false when it cannot be read either.</summary>
    private async Task<bool> StoredDataIsThisCaptureAsync(string bucket, string dataKey, IqCaptured capture, long expectedBytes, CancellationToken ct)
    {
        try
        {
            return await store.GetAsync(bucket, dataKey, ct) is { } data && data.LongLength == expectedBytes
                && string.Equals(Convert.ToHexStringLower(SHA512.HashData(data)), capture.IqSha512, StringComparison.OrdinalIgnoreCase);
        }
        catch (ObjectUnservableException)
        {
            return false;
        }
    }

    /// <summary>
    /// The stored meta, null when there is none. One the store cannot serve, or that is not a SigMF metadata document
    /// (a store that crashed mid-write can leave an empty or truncated object), counts as none, and says why.
    /// </summary>
    private async Task<(byte[]? Stored, string? Unreadable)> ReadMetaAsync(string bucket, string metaKey, CancellationToken ct)
    {
        byte[]? stored;
        try
        {
            stored = await store.GetAsync(bucket, metaKey, ct);
        }
        catch (ObjectUnservableException ex)
        {
            return (null, ex.Message);
        }

        return stored is null || IsMetadataDocument(stored)
            ? (stored, null)
            : (null, string.Create(CultureInfo.InvariantCulture,
                $"s3://{bucket}/{metaKey} holds {stored.Length} bytes that are not a SigMF metadata document (a write cut short)"));
    }

    private static bool IsMetadataDocument(byte[] stored)
    {
        try
        {
            using var document = JsonDocument.Parse(stored);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("global", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The recording cannot be written: the receiver's capture is reported failed, naming the object, instead of being
    /// waited out as an outage. The claim check stays (its own expiry removes it), so the samples can still be recovered.
    /// </summary>
    private async Task GiveUpAsync(ConsumeContext<IqCaptured> context, ObjectUnservableException reason)
    {
        var capture = context.Message;
        telemetry.RecordingsFailed.Add(1);
        LogGivenUp(logger, capture.AcquisitionId, capture.ReceiverId, reason.Message);
        await context.Publish(new ReceiverCaptureFailed
        {
            AcquisitionId = capture.AcquisitionId,
            ReceiverId = capture.ReceiverId,
            Reason = $"The recording could not be archived: {reason.Message}",
            Attempts = 1,
        }, context.CancellationToken);
    }

    private async Task DeleteClaimCheckAsync(IqCaptured capture, CancellationToken ct)
    {
        if (options.Value.DeleteClaimChecks && capture.Iq.Address is { Scheme: "s3" } claim)
        {
            await claimChecks.Delete(claim, ct);
        }

        if (options.Value.DeleteClaimChecks && capture.Spectrum?.Levels?.Address is { Scheme: "s3" } levels)
        {
            await claimChecks.Delete(levels, ct);
        }
    }

    /// <summary>Required members a publisher left out (the JSON reader accepts them missing so that consumers can name them).</summary>
    private static List<string> MissingFields(IqCaptured capture)
    {
        var fields = new (string Name, object? Value)[] { ("receiver", capture.Receiver), ("metrics", capture.Metrics), ("iq", capture.Iq), ("iqSha512", capture.IqSha512) };
        var missing = fields.Where(f => f.Value is null or "").Select(f => f.Name).ToList();
        if (capture.AcquisitionId == Guid.Empty)
        {
            missing.Insert(0, "acquisitionId");
        }

        return missing;
    }

    private static async Task<byte[]> LoadIqAsync(IqCaptured capture, long expectedBytes)
    {
        if (!capture.Iq.HasValue)
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId} carries no IQ.");
        }

        byte[] iq;
        try
        {
            iq = await capture.Iq.Value;
        }
        catch (MessageDataNotFoundException ex)
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: claim check {capture.Iq.Address} is gone.", ex);
        }

        if (iq.LongLength != expectedBytes)
        {
            throw new InvalidMessageException(
                $"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: {iq.LongLength} bytes of IQ, {expectedBytes} expected for {capture.SampleCount} {capture.SampleFormat} samples.");
        }

        var sha512 = Convert.ToHexStringLower(SHA512.HashData(iq));
        if (!string.Equals(sha512, capture.IqSha512, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: IQ SHA-512 {sha512[..16]}… does not match iqSha512 {capture.IqSha512[..Math.Min(16, capture.IqSha512.Length)]}….");
        }

        return iq;
    }

    /// <summary>The spectrum's lines: float32, line-major, as many as it has arrivals, each of its FFT size.</summary>
    private static async Task<byte[]> LoadSpectrumAsync(IqCaptured capture, CapturedSpectrum spectrum)
    {
        if (spectrum.Levels is not { HasValue: true })
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: spectrum carries no levels.");
        }

        byte[] levels;
        try
        {
            levels = await spectrum.Levels.Value;
        }
        catch (MessageDataNotFoundException ex)
        {
            throw new InvalidMessageException($"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: the spectrum's claim check {spectrum.Levels.Address} is gone.", ex);
        }

        var expected = (long)spectrum.LineArrivalsUtc.Length * spectrum.FftSize * sizeof(float);
        return levels.LongLength == expected && spectrum.FftSize > 0
            ? levels
            : throw new InvalidMessageException(
                $"IqCaptured {capture.AcquisitionId}/{capture.ReceiverId}: {levels.LongLength} bytes of spectrum, {expected} expected for {spectrum.LineArrivalsUtc.Length} lines of {spectrum.FftSize} float32 bins.");
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Archived {AcquisitionId}/{ReceiverId}: {Bytes} bytes at {Uri}")]
    private static partial void LogArchived(ILogger logger, Guid acquisitionId, int receiverId, int bytes, string uri);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "A second, different capture of {AcquisitionId}/{ReceiverId} arrived (a resumed capture); the recording archived first is kept")]
    private static partial void LogSuperseded(ILogger logger, Guid acquisitionId, int receiverId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "The stored meta of {AcquisitionId}/{ReceiverId} could not be read, so the recording was written again: {Reason}")]
    private static partial void LogRewritten(ILogger logger, Guid acquisitionId, int receiverId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "The recording of {AcquisitionId}/{ReceiverId} was given up and the receiver reported failed: {Reason}")]
    private static partial void LogGivenUp(ILogger logger, Guid acquisitionId, int receiverId, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Duplicate {AcquisitionId}/{ReceiverId}: recording already archived, IqArchived published again")]
    private static partial void LogDuplicate(ILogger logger, Guid acquisitionId, int receiverId);
}
