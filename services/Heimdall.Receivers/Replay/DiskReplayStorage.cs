namespace Heimdall.Receivers.Replay;

/// <summary>Recordings on the Acquirer host's disk (<c>file://</c> urls): read in place, only the bytes replayed.</summary>
public sealed class DiskReplayStorage : IReplayStorage
{
    public static DiskReplayStorage Instance { get; } = new();

    public string UrlOf(string path) => new Uri(path).AbsoluteUri;

    public async Task<byte[]?> ReadAllAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;

    public Task<long?> LengthAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(path) ? new FileInfo(path).Length : (long?)null);

    public async Task ReadAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = await RandomAccess.ReadAsync(file, destination[filled..], offset + filled, cancellationToken);
            filled += read > 0 ? read : throw new EndOfStreamException($"{UrlOf(path)} ends at byte {offset + filled}, before the {offset + destination.Length} replayed.");
        }
    }

    public IReadOnlyList<string> ListRecordings(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*" + ReplayLocation.MetaExtension).Select(p => p[..^ReplayLocation.MetaExtension.Length]).Order(StringComparer.Ordinal)]
            : throw new ReceiverRefusedException($"{UrlOf(folder)} is not a folder.");
}
