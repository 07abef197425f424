using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.Storage;

/// <summary>
/// MassTransit claim-check repository on the object store: large IQ is put under <c>S3:MessageDataPrefix</c> and the
/// message carries its <c>s3://</c> address.
/// </summary>
public sealed class S3MessageDataRepository(ObjectStore store, IOptions<S3Options> options) : IMessageDataRepository
{
    private readonly string _prefix = options.Value.MessageDataPrefix;

    public async Task<Stream> Get(Uri address, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = Parse(address);
        var bytes = await store.GetAsync(bucket, key, cancellationToken)
            ?? throw new MessageDataNotFoundException(address);
        return new MemoryStream(bytes, writable: false);
    }

    public async Task<Uri> Put(Stream stream, TimeSpan? timeToLive = default, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var key = $"{_prefix}{DateTime.UtcNow:yyyy-MM-dd}/{NewId.NextGuid():N}";
        await store.PutAsync(store.Bucket, key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), "application/octet-stream", cancellationToken);
        return new Uri(ObjectStore.UriOf(store.Bucket, key));
    }

    /// <summary>Removes a claim-check object once its message is done with.</summary>
    public Task Delete(Uri address, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(address);
        return store.DeleteAsync(bucket, key, cancellationToken);
    }

    public static (string Bucket, string Key) Parse(Uri address)
    {
        if (address.Scheme != "s3" || string.IsNullOrEmpty(address.Host) || address.AbsolutePath.Length < 2)
        {
            throw new ArgumentException($"'{address}' is not an s3://bucket/key address.", nameof(address));
        }

        return (address.Host, Uri.UnescapeDataString(address.AbsolutePath[1..]));
    }
}
