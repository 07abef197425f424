using Heimdall.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Polly;

namespace Heimdall.Storage;

/// <summary>
/// The few S3 calls Heimdall needs (put, get, stat, delete, bucket), each retried as a whole on transient faults.
/// Listing is deliberately absent: correctness never depends on it.
/// </summary>
public sealed partial class ObjectStore
{
    private readonly IMinioClient _client;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger<ObjectStore> _logger;

    public ObjectStore(IMinioClient client, IOptions<S3Options> options, ILogger<ObjectStore> logger)
    {
        _client = client;
        _logger = logger;
        Bucket = options.Value.Bucket;
        _retry = DependencyRetry.Build(ObjectStoreFaults.Dependency,
            new RetrySettings(Attempts: 5, BaseDelay: TimeSpan.FromMilliseconds(200), MaxDelay: TimeSpan.FromSeconds(8)), logger);
    }

    /// <summary>The bucket of the recordings.</summary>
    public string Bucket { get; }

    public static string UriOf(string bucket, string key) => $"s3://{bucket}/{key}";

    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async ct =>
        {
            if (!await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), ct))
            {
                try
                {
                    await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), ct);
                    LogBucketCreated(_logger, bucket);
                }
                catch (MinioException ex) when (ex.Message.Contains("BucketAlreadyOwnedByYou", StringComparison.Ordinal)
                                                || ex.Message.Contains("BucketAlreadyExists", StringComparison.Ordinal))
                {
                    // Another replica created it first.
                }
            }
        }, cancellationToken);
    }

    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken) =>
        await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken);

    public async Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async ct =>
        {
            // A fresh stream per attempt: a consumed stream cannot be replayed.
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            await _client.PutObjectAsync(new PutObjectArgs()
                .WithBucket(bucket)
                .WithObject(key)
                .WithStreamData(stream)
                .WithObjectSize(content.Length)
                .WithContentType(contentType), ct);
        }, cancellationToken);
    }

    /// <summary>The object's bytes, or null when it does not exist.</summary>
    public async Task<byte[]?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        return await _retry.ExecuteAsync(async ct =>
        {
            try
            {
                using var buffer = new MemoryStream();
                await _client.GetObjectAsync(new GetObjectArgs()
                    .WithBucket(bucket)
                    .WithObject(key)
                    .WithCallbackStream(async (stream, innerCt) => await stream.CopyToAsync(buffer, innerCt)), ct);
                return buffer.ToArray();
            }
            catch (ObjectNotFoundException)
            {
                return null;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Streams the object to <paramref name="reader"/> as it arrives, never holding it whole in memory; false when it does
    /// not exist. Transient faults are retried only until the reader has started (bytes handed on cannot be taken back).
    /// </summary>
    public async Task<bool> ReadAsync(string bucket, string key, Func<Stream, CancellationToken, Task> reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var started = false;
        try
        {
            return await _retry.ExecuteAsync(async ct =>
            {
                try
                {
                    await _client.GetObjectAsync(new GetObjectArgs()
                        .WithBucket(bucket)
                        .WithObject(key)
                        .WithCallbackStream(async (stream, innerCt) =>
                        {
                            started = true;
                            await reader(stream, innerCt);
                        }), ct);
                    return true;
                }
                catch (ObjectNotFoundException)
                {
                    return false;
                }
                catch (Exception ex) when (started)
                {
                    throw new StreamInterruptedException(ex);
                }
            }, cancellationToken);
        }
        catch (StreamInterruptedException ex)
        {
            throw ex.InnerException!;
        }
    }

    /// <summary>Carries a fault out of the retry once streaming began, so it is not retried.</summary>
    private sealed class StreamInterruptedException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>The object's size and ETag, or null when it does not exist (one HEAD request, no body).</summary>
    public async Task<StoredObject?> StatAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        return await _retry.ExecuteAsync<StoredObject?>(async ct =>
        {
            try
            {
                var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject(key), ct);
                return new StoredObject(stat.Size, stat.ETag?.Trim('"') ?? "");
            }
            catch (ObjectNotFoundException)
            {
                return null;
            }
        }, cancellationToken);
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async ct =>
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(bucket).WithObject(key), ct), cancellationToken);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Created bucket {Bucket}")]
    private static partial void LogBucketCreated(ILogger logger, string bucket);
}

/// <summary>What a HEAD request tells about an object. For a single-part upload the ETag is the MD5 of its content.</summary>
public sealed record StoredObject(long Size, string ETag);
