using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Heimdall.Api.Contracts;
using Heimdall.Signal;
using Heimdall.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Spectra;

/// <summary>
/// The spectrum and waterfall of an archived recording: its SigMF metadata read for the datatype, rate and frequency,
/// its samples streamed from the bucket through <see cref="SpectrogramBuilder"/> (never held whole), the answer kept in
/// memory under the data object's ETag, the bins and the rows, so a second ask costs nothing and a recording replaced
/// under the same key is computed anew.
/// </summary>
internal sealed class RecordingSpectra(ObjectStore store, IOptions<ApiOptions> options) : IDisposable
{
    /// <summary>Its own cache, bounded by <see cref="ApiOptions.SpectrumCacheMegabytes"/> (entries sized by their bytes).</summary>
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = options.Value.SpectrumCacheMegabytes * (1L << 20) });

    public void Dispose() => cache.Dispose();

    /// <summary>Changes when the computation or the answer's shape changes, so cached answers and clients' ETags lapse.</summary>
    public const string Version = "1";

    /// <summary>How the waterfall's bytes are encoded.</summary>
    public const string Encoding = "uint8-base64";

    /// <summary>The answer, or why there is none.</summary>
    public async Task<SpectrumOutcome> FindAsync(Guid acquisitionId, int receiverId, int bins, int rows, CancellationToken cancellationToken)
    {
        var dataKey = RecordingPaths.Key(acquisitionId, receiverId, RecordingPaths.DataExtension);
        if (await store.StatAsync(store.Bucket, dataKey, cancellationToken) is not { } data)
        {
            return SpectrumOutcome.Missing(dataKey);
        }

        var etag = ETagOf(data.ETag, bins, rows);
        var key = (dataKey, data.ETag, bins, rows);
        if (cache.TryGetValue(key, out RecordingSpectrum? cached) && cached is not null)
        {
            return SpectrumOutcome.Found(cached, etag);
        }

        var metaKey = RecordingPaths.Key(acquisitionId, receiverId, RecordingPaths.MetaExtension);
        if (await store.GetAsync(store.Bucket, metaKey, cancellationToken) is not { } metaBytes)
        {
            return SpectrumOutcome.Missing(metaKey);
        }

        if (Meta.Read(metaBytes, out var problem) is not { } meta)
        {
            return SpectrumOutcome.Unreadable(problem!);
        }

        var bytesPerSample = meta.Format.BytesPerSample();
        var samples = data.Size / bytesPerSample;
        if (samples < SpectrogramBuilder.MinBins || data.Size % bytesPerSample != 0)
        {
            return SpectrumOutcome.Unreadable(
                $"The recording holds {data.Size} bytes: {(data.Size % bytesPerSample != 0 ? "not a whole number of " + meta.Datatype + " samples" : $"fewer than {SpectrogramBuilder.MinBins} samples")}.");
        }

        // A recording shorter than the bins asked for gets the largest power of two it holds.
        var used = (int)Math.Min(bins, 1L << (63 - (int)long.LeadingZeroCount(samples)));
        Spectrogram? spectrogram = null;
        string? failure = null;
        var read = await store.ReadAsync(store.Bucket, dataKey, async (stream, ct) =>
        {
            try
            {
                spectrogram = await SpectrogramBuilder.ReadAsync(stream, meta.Format, meta.SampleRateHz, samples, used, rows, ct);
            }
            catch (IqDataException ex)
            {
                failure = ex.Message;
            }
        }, cancellationToken);
        if (!read)
        {
            return SpectrumOutcome.Missing(dataKey);
        }

        if (spectrogram is null)
        {
            return SpectrumOutcome.Unreadable(failure ?? "The samples could not be read.");
        }

        var answer = Shape(acquisitionId, receiverId, meta, data.ETag, spectrogram);
        cache.Set(key, answer, new MemoryCacheEntryOptions { Size = SizeOf(answer) });
        return SpectrumOutcome.Found(answer, etag);
    }

    /// <summary>The answer's entity tag: the data's ETag, the shape asked for and <see cref="Version"/>, hashed.</summary>
    public static string ETagOf(string dataETag, int bins, int rows)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{dataETag}|{bins}|{rows}|{Version}");
        return "W/\"" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 12)) + "\"";
    }

    private static RecordingSpectrum Shape(Guid acquisitionId, int receiverId, Meta meta, string dataETag, Spectrogram s)
    {
        var values = s.RowDensitiesDbfsPerHz;
        var low = values.Min();
        var high = values.Max();
        var scale = high > low ? (high - low) / 255 : 1;
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(Math.Round((values[i] - low) / scale), 0, 255);
        }

        var rowSeconds = s.RowSegments.Length == 0 ? 0 : s.DurationSeconds / s.Rows;
        return new RecordingSpectrum(
            acquisitionId, receiverId, meta.Datatype, meta.FrequencyHz, s.SampleRateHz, s.SampleCount, s.DurationSeconds, s.Bins,
            s.BinWidthHz, meta.FrequencyHz + s.FirstBinOffsetHz, s.SegmentCount, [.. s.DensityDbfsPerHz.Select(v => Math.Round(v, 2))],
            new SpectrumWaterfall(s.Rows, s.Bins, [.. s.RowStartSeconds.Select(t => Math.Round(t, 6))], rowSeconds, Encoding,
                Math.Round(low, 4), scale, Convert.ToBase64String(bytes)),
            dataETag, meta.Sha512);
    }

    private static long SizeOf(RecordingSpectrum answer) => (answer.Waterfall.Data.Length * 2L) + (answer.PsdDbfsPerHz.Count * 8L) + 1024;

    /// <summary>What the spectrum needs of a SigMF metadata object.</summary>
    private sealed record Meta(string Datatype, SampleFormat Format, double SampleRateHz, double FrequencyHz, string? Sha512)
    {
        public static Meta? Read(byte[] bytes, out string? problem)
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                var root = document.RootElement;
                var global = root.GetProperty("global");
                var datatype = global.TryGetProperty("core:datatype", out var d) ? d.GetString() : null;
                if (!SampleFormats.TryParse(datatype, out var format) || format.IsReal())
                {
                    problem = $"The recording's datatype '{datatype}' is not one of the complex formats the spectrum reads (ci16_le, cu8, cf32_le).";
                    return null;
                }

                var rate = global.TryGetProperty("core:sample_rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : 0;
                if (!(rate > 0))
                {
                    problem = "The recording's metadata has no positive core:sample_rate.";
                    return null;
                }

                var frequency = root.TryGetProperty("captures", out var captures) && captures.ValueKind == JsonValueKind.Array
                                && captures.GetArrayLength() > 0 && captures[0].TryGetProperty("core:frequency", out var f) && f.ValueKind == JsonValueKind.Number
                    ? f.GetDouble()
                    : 0;
                var sha = global.TryGetProperty("core:sha512", out var h) ? h.GetString() : null;
                problem = null;
                return new Meta(datatype!, format, rate, frequency, sha);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                problem = "The recording's SigMF metadata cannot be read: " + ex.Message;
                return null;
            }
        }
    }
}

/// <summary>A spectrum with its ETag; or the object that is missing; or why the recording cannot be analysed.</summary>
internal sealed record SpectrumOutcome(RecordingSpectrum? Spectrum, string? ETag, string? MissingKey, string? Problem)
{
    public static SpectrumOutcome Found(RecordingSpectrum spectrum, string etag) => new(spectrum, etag, null, null);

    public static SpectrumOutcome Missing(string key) => new(null, null, key, null);

    public static SpectrumOutcome Unreadable(string problem) => new(null, null, null, problem);
}
