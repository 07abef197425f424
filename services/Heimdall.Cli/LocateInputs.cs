using System.Text.Json;
using Heimdall.Localisation.Input;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>
/// What <c>heimdall locate</c> reads: each PATH is a kiwi-wav file (<c>.wav</c>), a SigMF recording (its
/// <c>.sigmf-meta</c>, <c>.sigmf-data</c> or base name) or a folder, whose <c>*.wav</c> and <c>*.sigmf-meta</c> files are
/// all taken. Each becomes a capture; a position or fixed delay given by name replaces what the file says. Every
/// problem names the file.
/// </summary>
internal static class LocateInputs
{
    /// <summary>The captures of <paramref name="arguments"/>'s paths, in the order given (a folder's files by name).</summary>
    /// <exception cref="CommandFailedException">A path does not exist, a file cannot be read or is not a recording, two recordings share a name, or a name given to an option matches none.</exception>
    public static async Task<IReadOnlyList<StationCapture>> ReadAsync(LocateArguments arguments, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var files = Expand(arguments.Paths);
        var captures = new List<StationCapture>(files.Count);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"reading {Path.GetFileName(file)}");
            var capture = file.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)
                ? await KiwiWavAsync(file, arguments, cancellationToken)
                : await SigMfAsync(file, cancellationToken);
            if (arguments.Positions.TryGetValue(capture.Name, out var position))
            {
                capture = capture with { Position = position };
            }

            if (arguments.Delays.TryGetValue(capture.Name, out var delay))
            {
                capture = capture with { FixedDelaySeconds = delay };
            }

            captures.Add(capture);
        }

        if (captures.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CommandFailedException($"two recordings are of receiver '{twice.Key}': give each receiver once");
        }

        var names = captures.Select(c => c.Name).ToList();
        foreach (var name in arguments.Positions.Keys.Concat(arguments.Delays.Keys))
        {
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CommandFailedException($"'{name}' (given to --position or --delay) is none of the recordings' receivers ({string.Join(", ", names)})");
            }
        }

        return captures;
    }

    private static List<string> Expand(IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.wav").Concat(Directory.GetFiles(path, "*" + SigMfRecording.MetaExtension)).Order(StringComparer.Ordinal).ToList();
                files.AddRange(found.Count > 0 ? found : throw new CommandFailedException($"{Path.GetFullPath(path)}: no *.wav or *.sigmf-meta file in the folder"));
            }
            else if (path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            {
                files.Add(File.Exists(path) ? Path.GetFullPath(path) : throw new CommandFailedException($"file not found: {Path.GetFullPath(path)}"));
            }
            else
            {
                files.Add(path);
            }
        }

        return files.Distinct().ToList();
    }

    private static async Task<StationCapture> KiwiWavAsync(string file, LocateArguments arguments, CancellationToken cancellationToken)
    {
        var bytes = await Read(file, cancellationToken);
        try
        {
            return KiwiWavCapture.Create(file, bytes, null, arguments.MaxGnssAgeSeconds);
        }
        catch (Exception ex) when (ex is IqDataException or ArgumentException)
        {
            throw new CommandFailedException($"{file}: not a kiwi-wav recording that can be located: {ex.Message}", ex);
        }
    }

    private static async Task<StationCapture> SigMfAsync(string path, CancellationToken cancellationToken)
    {
        var recording = await SigMfRecording.ReadAsync(path, cancellationToken);
        using var meta = JsonDocument.Parse(await Read(recording.MetaPath, cancellationToken));
        var data = await Read(recording.DataPath, cancellationToken);
        try
        {
            var baseName = Path.GetFileName(recording.MetaPath)[..^SigMfRecording.MetaExtension.Length];
            return SigMfCapture.Create(meta.RootElement, data, baseName);
        }
        catch (Exception ex) when (ex is IqDataException or ArgumentException)
        {
            throw new CommandFailedException($"{recording.MetaPath}: cannot be located: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> Read(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot read {file}: {ex.Message}", ex);
        }
    }

    /// <summary>Positions are needed for every receiver: the names that lack one (to say so before locating).</summary>
    public static IEnumerable<string> WithoutPosition(IEnumerable<StationCapture> captures) =>
        captures.Where(c => c.Position is not { IsValid: true }).Select(c => c.Name);
}
