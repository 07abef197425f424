using System.Text.Json;
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
public sealed record SigMfRecording(
    string MetaPath, string DataPath, string Datatype, SampleFormat Format, double SampleRateHz, double? FrequencyHz)
{
    public const string MetaExtension = ".sigmf-meta";
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
        var sampleRateHz = ReadSampleRate(global, metaPath);
        var frequencyHz = ReadFrequency(meta.RootElement, metaPath);

        return File.Exists(dataPath)
            ? new SigMfRecording(metaPath, dataPath, datatype, format, sampleRateHz, frequencyHz)
            : throw new CommandFailedException($"data file not found: looked for {dataPath} (next to {Path.GetFileName(metaPath)})");
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
        return SampleFormats.TryParse(datatype, out var format)
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

    private static double? ReadFrequency(JsonElement root, string metaPath)
    {
        if (!root.TryGetProperty("captures", out var captures))
        {
            return null;
        }

        if (captures.ValueKind != JsonValueKind.Array || (captures.GetArrayLength() > 0 && captures[0].ValueKind != JsonValueKind.Object))
        {
            throw new CommandFailedException($"{metaPath}: captures is not an array of objects");
        }

        if (captures.GetArrayLength() == 0 || !captures[0].TryGetProperty("core:frequency", out var element))
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var frequency) && double.IsFinite(frequency)
            ? frequency
            : throw new CommandFailedException($"{metaPath}: captures[0].core:frequency is not a number (got {element.GetRawText()})");
    }
}
