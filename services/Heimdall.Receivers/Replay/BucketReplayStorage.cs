using Heimdall.Storage;

namespace Heimdall.Receivers.Replay;

/// <summary>Recordings in a bucket of the object store (<c>s3://</c> urls): small files by GET, samples by ranged GET.</summary>
public sealed class BucketReplayStorage(ObjectStore store, string bucket) : IReplayStorage
{
    public string UrlOf(string path) => ObjectStore.UriOf(bucket, path);

    public Task<byte[]?> ReadAllAsync(string path, CancellationToken cancellationToken) => store.GetAsync(bucket, path, cancellationToken);

    public async Task<long?> LengthAsync(string path, CancellationToken cancellationToken) =>
        (await store.StatAsync(bucket, path, cancellationToken))?.Size;

    public async Task ReadAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (!await store.GetRangeAsync(bucket, path, offset, destination, cancellationToken))
        {
            throw new ReceiverRefusedException($"{UrlOf(path)} does not exist.");
        }
    }

    public IReadOnlyList<string> ListRecordings(string folder) =>
        throw new ReceiverRefusedException($"{UrlOf(folder)} is a folder of the object store, which is never listed: give settings.stream or settings.receiverId.");
}
