namespace Heimdall.Receivers.Replay;

/// <summary>Where replayed recordings are read from: the disk, or a bucket of the object store.</summary>
public interface IReplayStorage
{
    /// <summary>The url of <paramref name="path"/> (a file path or an object key), for messages.</summary>
    string UrlOf(string path);

    /// <summary>The whole of a small file (a meta, a collection); null when it does not exist.</summary>
    Task<byte[]?> ReadAllAsync(string path, CancellationToken cancellationToken);

    /// <summary>The size in bytes; null when it does not exist.</summary>
    Task<long?> LengthAsync(string path, CancellationToken cancellationToken);

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>.</summary>
    Task ReadAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>The base paths of the recordings in a folder (disk only: the object store is never listed).</summary>
    IReadOnlyList<string> ListRecordings(string folder);
}
