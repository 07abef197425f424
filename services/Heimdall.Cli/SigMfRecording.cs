using System.Text.Json;
using Heimdall.Localisation.Input;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>
/// A SigMF recording on disk: the <c>.sigmf-meta</c> file, the <c>.sigmf-data</c> file next to it (same base name), and
/// what the metadata says about the samples.
/// </summary>
/// <param name="MetaPath">Full path of the metadata file.</param>
/// <param name="DataPath">Full path of the data file.</param>
/// <param name="Datatype">SigMF <c>global.core:datatype</c>, as written.</param>
/// <param name="Format">The sample format that <see cref="Datatype"/> names.</param>
/// <param name="SampleRateHz"><c>global.core:sample_rate</c>, positive.</param>
/// <param name="FrequencyHz"><c>captures[0].core:frequency</c>, or null when the metadata has none.</param>
/// <param name="Spans">The capture segments grouped by frequency (<see cref="SigMfCaptureSpan"/>); at least one.</param>
/// <param name="Passband">
/// <c>global.heimdall:passband</c>, the band the receiver passed (Hz from the tuned frequency), inside which the recording
/// is measured; null when the metadata has none (the whole band).
/// </param>
public sealed record SigMfRecording(
    string MetaPath, string DataPath, string Datatype, SampleFormat Format, double SampleRateHz, double? FrequencyHz,
    IReadOnlyList<SigMfCaptureSpan> Spans, Passband? Passband = null)
{
    public const string MetaExtension = ".sigmf-meta";

    /// <summary>The GNSS time base the metadata gives (<c>core:datetime</c> per stamp, <c>heimdall:timing</c>), or why there is none.</summary>
    public TimingReport? Timing { get; init; }
    public const string DataExtension = ".sigmf-data";

    /// <summary>The datatypes that can be analysed, as SigMF names them.</summary>
    public static IReadOnlyList<string> SupportedDatatypes { get; } =
        Enum.GetValues<SampleFormat>().Select(f => f.ToSigMf()).ToArray();

    /// <summary>Reads the metadata of the recording at <paramref name="path"/> (meta path, data path, or base name) and checks that its data file exists.</summary>
    /// <exception cref="CommandFailedException">A file is missing or unreadable, or the metadata is malformed or unsupported; the message names the file.</exception>
    public static async Task<SigMfRecording> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var basePath = Path.GetFullPath(StripExtension(path));
        var metaPath = basePath + MetaExtension;
        var dataPath = basePath + DataExtension;
        if (!File.Exists(metaPath))
        {
            throw new CommandFailedException($"metadata file not found: {metaPath}");
        }

        using var meta = await ParseAsync(metaPath, cancellationToken);
        var global = meta.RootElement.ValueKind == JsonValueKind.Object && meta.RootElement.TryGetProperty("global", out var g)
                     && g.ValueKind == JsonValueKind.Object
            ? g
            : throw new CommandFailedException($"{metaPath}: no \"global\" object in the metadata");
        var (datatype, format) = ReadDatatype(global, metaPath);
        ReadChannelCount(global, metaPath);
        var sampleRateHz = ReadSampleRate(global, metaPath);
        var (passband, passbandProblem) = SigMfPassband.Read(global);
        if (passbandProblem is not null)
        {
            throw new CommandFailedException($"{metaPath}: {passbandProblem}");
        }

        var segments = ReadSegments(meta.RootElement, metaPath);
        var frequencyHz = segments.Count > 0 ? segments[0].FrequencyHz : null;

        return File.Exists(dataPath)
            ? new SigMfRecording(metaPath, dataPath, datatype, format, sampleRateHz, frequencyHz, SigMfCaptureSpan.FromSegments(segments), passband) { Timing = ReadTiming(meta.RootElement) }
            : throw new CommandFailedException($"data file not found: looked for {dataPath} (next to {Path.GetFileName(metaPath)})");
    }

    private static TimingReport ReadTiming(JsonElement root)
    {
        try
        {
            var (clock, problem, warnings) = SigMfCapture.Timing(root);
            return TimingReport.From(clock, problem, warnings);
        }
        catch (IqDataException ex)
        {
            return TimingReport.From(null, ex.Message, []);
        }
    }

    private static string StripExtension(string path) =>
        path.EndsWith(MetaExtension, StringComparison.Ordinal) ? path[..^MetaExtension.Length]
        : path.EndsWith(DataExtension, StringComparison.Ordinal) ? path[..^DataExtension.Length]
        : path;

    private static async Task<JsonDocument> ParseAsync(string metaPath, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(metaPath);
            return await JsonDocument.ParseAsync(stream, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            // The reader's message ends with its own zero-based "LineNumber: n | BytePositionInLine: m."; say it once, one-based.
            var reason = ex.Message;
            var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = suffix >= 0 ? reason[..suffix] : reason;
            throw new CommandFailedException(
                $"{metaPath}: malformed JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: {reason}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot read {metaPath}: {ex.Message}", ex);
        }
    }

    private static (string Datatype, SampleFormat Format) ReadDatatype(JsonElement global, string metaPath)
    {
        if (!global.TryGetProperty("core:datatype", out var element))
        {
            throw new CommandFailedException($"{metaPath}: global.core:datatype is missing");
        }

        var datatype = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        return SampleFormats.TryParse(datatype, out var format) && !format.IsReal()
            ? (datatype, format)
            : throw new CommandFailedException(
                $"{metaPath}: unsupported datatype '{datatype}' (global.core:datatype); supported: {string.Join(", ", SupportedDatatypes)}");
    }

    private static double ReadSampleRate(JsonElement global, string metaPath)
    {
        if (!global.TryGetProperty("core:sample_rate", out var element))
        {
            throw new CommandFailedException($"{metaPath}: global.core:sample_rate is missing");
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var rate) || !double.IsFinite(rate))
        {
            throw new CommandFailedException($"{metaPath}: global.core:sample_rate is not a number (got {element.GetRawText()})");
        }

        return rate > 0
            ? rate
            : throw new CommandFailedException($"{metaPath}: global.core:sample_rate must be positive (got {element.GetRawText()})");
    }

    /// <summary>
    /// <c>global.core:num_channels</c> (absent: 1). Several channels are interleaved sample by sample in one data file;
    /// measuring them as one channel would mix them, so they are refused.
    /// </summary>
    private static void ReadChannelCount(JsonElement global, string metaPath)
    {
        if (!global.TryGetProperty("core:num_channels", out var element))
        {
            return;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var channels) || channels < 1)
        {
            throw new CommandFailedException($"{metaPath}: global.core:num_channels must be a positive integer (got {element.GetRawText()})");
        }

        if (channels > 1)
        {
            throw new CommandFailedException(
                $"{metaPath}: global.core:num_channels is {channels}: the data interleaves {channels} channels sample by sample, "
                + "and only single-channel recordings can be analysed (measuring them as one channel would mix them)");
        }
    }

    /// <summary>
    /// Every capture segment's <c>core:sample_start</c> (the first one's may be absent: 0) and <c>core:frequency</c>
    /// (absent: null); the starts must increase.
    /// </summary>
    private static List<(long SampleStart, double? FrequencyHz)> ReadSegments(JsonElement root, string metaPath)
    {
        var segments = new List<(long, double?)>();
        if (!root.TryGetProperty("captures", out var captures))
        {
            return segments;
        }

        if (captures.ValueKind != JsonValueKind.Array || captures.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.Object))
        {
            throw new CommandFailedException($"{metaPath}: captures is not an array of objects");
        }

        var index = 0;
        foreach (var capture in captures.EnumerateArray())
        {
            long sampleStart = 0;
            if (capture.TryGetProperty("core:sample_start", out var start))
            {
                if (start.ValueKind != JsonValueKind.Number || !start.TryGetInt64(out sampleStart) || sampleStart < 0)
                {
                    throw new CommandFailedException($"{metaPath}: captures[{index}].core:sample_start is not a non-negative integer (got {start.GetRawText()})");
                }
            }
            else if (index > 0)
            {
                throw new CommandFailedException($"{metaPath}: captures[{index}].core:sample_start is missing (only the first segment may leave it out)");
            }

            if (index > 0 && sampleStart <= segments[^1].Item1)
            {
                throw new CommandFailedException(
                    $"{metaPath}: captures[{index}].core:sample_start ({sampleStart}) is not after captures[{index - 1}]'s ({segments[^1].Item1}); segments must be in sample order");
            }

            double? frequency = null;
            if (capture.TryGetProperty("core:frequency", out var element))
            {
                frequency = element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
                    ? value
                    : throw new CommandFailedException($"{metaPath}: captures[{index}].core:frequency is not a number (got {element.GetRawText()})");
            }

            segments.Add((sampleStart, frequency));
            index++;
        }

        return segments;
    }
}
