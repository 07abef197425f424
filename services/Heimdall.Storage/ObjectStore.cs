using System.Diagnostics.Metrics;
using System.Net;
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
/// Listing is deliberately absent: correctness never depends on it (the bucket is checked by a GET of a key nothing
/// writes, <see cref="ProbeBucketAsync"/>). An outage is a property of the store, not of one object: when a request for
/// one object still fails with a server fault after its retries, the store is probed with a request of the same kind for
/// another key; if the store answers that and the object fails once more, the fault is the object's
/// (<see cref="ObjectUnservableException"/>, not an outage, counted as <c>heimdall.objects.unservable</c>), and the caller
/// decides what to do about it instead of waiting it out for ever.
/// </summary>
public sealed partial class ObjectStore : IDisposable
{
    /// <summary>Meter <c>Heimdall.Storage</c>.</summary>
    public const string MeterName = "Heimdall.Storage";

    /// <summary>A key nothing writes: a GET of it answers 404 NoSuchKey from a store that reads (NoSuchBucket without the bucket).</summary>
    public const string AbsentProbeKey = "heimdall-probe/absent";

    /// <summary>The key the write probe puts its few bytes under (always the same bytes).</summary>
    public const string WriteProbeKey = "heimdall-probe/canary";

    private static readonly byte[] WriteProbeContent = "Heimdall's object store write probe\n"u8.ToArray();
    private static readonly RetrySettings Retries = new(Attempts: 5, BaseDelay: TimeSpan.FromMilliseconds(200), MaxDelay: TimeSpan.FromSeconds(8));
    private readonly IMinioClient _client;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger<ObjectStore> _logger;
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _unservable;

    /// <summary>For the GETs to presigned urls (<see cref="GetAsync"/>, <see cref="GetRangeAsync"/>), beside the Minio client's own.</summary>
    private readonly HttpClient _direct;

    public ObjectStore(IMinioClient client, IOptions<S3Options> options, ILogger<ObjectStore> logger)
    {
        _client = client;
        _logger = logger;
        Bucket = options.Value.Bucket;
        _direct = new HttpClient(S3HttpHandler.Create(options.Value), disposeHandler: true);
        _retry = DependencyRetry.Build(ObjectStoreFaults.Dependency, Retries, logger);
        _unservable = _meter.CreateCounter<long>("heimdall.objects.unservable", "{object}",
            "Requests for one object that kept failing with a server fault while the store served others (the object's fault, not an outage), by operation.");
    }

    /// <summary>The bucket of the recordings.</summary>
    public string Bucket { get; }

    public static string UriOf(string bucket, string key) => $"s3://{bucket}/{key}";

    /// <summary>Creates the bucket when a probe (<see cref="ProbeBucketAsync"/>, no listing) says it does not exist.</summary>
    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async ct =>
        {
            if (await ProbeBucketAsync(bucket, ct) == BucketState.Missing)
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

    /// <summary>
    /// Whether the store answers for the bucket, from one GET of <see cref="AbsentProbeKey"/> (never a listing: some servers,
    /// s3rver among them, answer a bucket check by listing the bucket, which fails on any one object they cannot read).
    /// A server fault (5xx, 408, 429) is an <see cref="HttpRequestException"/> naming the status, a refusal an
    /// <see cref="ObjectStoreRefusedException"/>; not retried here.
    /// </summary>
    public async Task<BucketState> ProbeBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var response = await SendPresignedGetAsync(bucket, AbsentProbeKey, range: null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Contains("<Code>NoSuchBucket</Code>", StringComparison.Ordinal) ? BucketState.Missing : BucketState.Ready;
        }

        await EnsureSuccessAsync(response, bucket, AbsentProbeKey, cancellationToken);
        return BucketState.Ready;
    }

    public async Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await ForObjectAsync(ObjectOperation.Put, bucket, key, async ct =>
        {
            await PutOnceAsync(bucket, key, content, contentType, ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// One PUT to a presigned url, like the GETs: the store's answer surfaces with its status (the Minio client reports a
    /// server fault on a PUT without one), so a fault is told apart from a refusal (<see cref="EnsureSuccessAsync"/>).
    /// </summary>
    private async Task PutOnceAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        var url = await _client.PresignedPutObjectAsync(new PresignedPutObjectArgs().WithBucket(bucket).WithObject(key).WithExpiry(60));

        // A fresh content per attempt: a consumed stream cannot be replayed.
        using var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = body };
        using var response = await _direct.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, bucket, key, ct);
    }

    /// <summary>
    /// The object's bytes, or null when it does not exist: one GET to a presigned url. The Minio client's GetObject costs
    /// three requests (bucket check, HEAD, GET), and some servers (s3rver) answer the bucket check by listing the bucket.
    /// </summary>
    public async Task<byte[]?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        return await ForObjectAsync(ObjectOperation.Get, bucket, key, async ct =>
        {
            using var response = await SendPresignedGetAsync(bucket, key, range: null, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(response, bucket, key, ct);
            return await response.Content.ReadAsByteArrayAsync(ct);
        }, cancellationToken);
    }

    /// <summary>A GET of the object by a presigned url (signed locally, valid one minute), headers read, body not yet.</summary>
    private async Task<HttpResponseMessage> SendPresignedGetAsync(string bucket, string key, System.Net.Http.Headers.RangeHeaderValue? range, CancellationToken ct)
    {
        var url = await _client.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(bucket).WithObject(key).WithExpiry(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = range;
        return await _direct.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>
    /// A server fault (5xx, 408, 429) as an <see cref="HttpRequestException"/>, which the retry and the outage policy take
    /// for S3 being unavailable; any other refusal (403, 400 …) as an <see cref="ObjectStoreRefusedException"/>, which
    /// they do not: retrying a request the server rejects would never succeed.
    /// </summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string bucket, string key, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        var message = $"S3 answered {status} {response.ReasonPhrase} for s3://{bucket}/{key}: {(body.Length > 300 ? body[..300] : body)}";
        throw status is >= 500 or 408 or 429
            ? new HttpRequestException(message, null, response.StatusCode)
            : new ObjectStoreRefusedException(message);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the object's bytes from <paramref name="offset"/>, by one ranged GET, so a
    /// slice of a large recording costs only its own bytes; false when the object does not exist. Minio 7.0.0 cannot do
    /// this (its GetObject sends a HEAD with the range first and takes the 206 answer for an error: minio/minio-dotnet#1342,
    /// fixed after 7.0.0), so the GET goes to a presigned url with a Range header.
    /// </summary>
    /// <exception cref="InvalidDataException">The object ends before the range does, or the server ignored the range.</exception>
    public async Task<bool> GetRangeAsync(string bucket, string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.Length == 0)
        {
            return await StatAsync(bucket, key, cancellationToken) is not null;
        }

        return await ForObjectAsync(ObjectOperation.Get, bucket, key, async ct =>
        {
            using var response = await SendPresignedGetAsync(bucket, key, new System.Net.Http.Headers.RangeHeaderValue(offset, offset + destination.Length - 1), ct);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }

            if (response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                throw new InvalidDataException($"s3://{bucket}/{key} ends before byte {offset}.");
            }

            await EnsureSuccessAsync(response, bucket, key, ct);
            if (response.StatusCode != System.Net.HttpStatusCode.PartialContent && offset != 0)
            {
                throw new InvalidDataException($"s3://{bucket}/{key}: the server ignored the byte range {offset}-{offset + destination.Length - 1} and sent the whole object.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var filled = 0;
            int read;
            while (filled < destination.Length && (read = await body.ReadAsync(destination[filled..], ct)) > 0)
            {
                filled += read;
            }

            return filled == destination.Length
                ? true
                : throw new InvalidDataException($"s3://{bucket}/{key} holds {offset + filled} bytes, fewer than the {offset + destination.Length} asked for.");
        }, cancellationToken);
    }

    /// <summary>
    /// Streams the object to <paramref name="reader"/> as it arrives, never holding it whole in memory; false when it does
    /// not exist. Transient faults are retried only until the reader has started (bytes handed on cannot be taken back).
    /// </summary>
    public Task<bool> ReadAsync(string bucket, string key, Func<Stream, CancellationToken, Task> reader, CancellationToken cancellationToken) =>
        StreamAsync(bucket, key, reader, async (started, ct) =>
        {
            try
            {
                await _client.GetObjectAsync(new GetObjectArgs()
                    .WithBucket(bucket)
                    .WithObject(key)
                    .WithCallbackStream(started), ct);
                return true;
            }
            catch (ObjectNotFoundException)
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>
    /// Streams <paramref name="length"/> bytes of the object from <paramref name="offset"/> to <paramref name="reader"/> (one
    /// ranged GET to a presigned url, as <see cref="GetRangeAsync"/>); false when the object does not exist. Retried as
    /// <see cref="ReadAsync"/> is.
    /// </summary>
    /// <exception cref="InvalidDataException">The object ends before the range starts, or the server ignored the range.</exception>
    public Task<bool> ReadRangeAsync(string bucket, string key, long offset, long length, Func<Stream, CancellationToken, Task> reader, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return StreamAsync(bucket, key, reader, async (started, ct) =>
        {
            using var response = await SendPresignedGetAsync(bucket, key, new System.Net.Http.Headers.RangeHeaderValue(offset, offset + length - 1), ct);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }

            if (response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                throw new InvalidDataException($"s3://{bucket}/{key} ends before byte {offset}.");
            }

            await EnsureSuccessAsync(response, bucket, key, ct);
            if (response.StatusCode != System.Net.HttpStatusCode.PartialContent && (offset != 0 || response.Content.Headers.ContentLength != length))
            {
                throw new InvalidDataException($"s3://{bucket}/{key}: the server ignored the byte range {offset}-{offset + length - 1} and sent the whole object.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await started(body, ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// One attempt after another of <paramref name="attempt"/> (which hands the object's stream to the callback it is
    /// given), retried on transient faults only until the reader has started.
    /// </summary>
    private async Task<bool> StreamAsync(
        string bucket, string key, Func<Stream, CancellationToken, Task> reader, Func<Func<Stream, CancellationToken, Task>, CancellationToken, Task<bool>> attempt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var started = false;
        try
        {
            // Once bytes have been handed on, nothing is tried again (StreamInterruptedException is no fault of the store's).
            return await ForObjectAsync(ObjectOperation.Get, bucket, key, async ct =>
            {
                try
                {
                    return await attempt(async (stream, innerCt) =>
                    {
                        started = true;
                        await reader(stream, innerCt);
                    }, ct);
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
        return await ForObjectAsync<StoredObject?>(ObjectOperation.Stat, bucket, key, async ct =>
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
        await ForObjectAsync(ObjectOperation.Delete, bucket, key, async ct =>
        {
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(bucket).WithObject(key), ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// One object's request with the store's retry. When it still fails with a server fault that does not ask to be tried
    /// later (not 503, 429 or 408), the store is probed with a request of the same kind for another key
    /// (<see cref="StoreServesAsync"/>); a store that fails the probe too is unavailable, and the fault surfaces as before
    /// (an outage). A store that answers it is asked for the object once more, and a second failure is the object's own:
    /// <see cref="ObjectUnservableException"/>.
    /// </summary>
    private async Task<T> ForObjectAsync<T>(ObjectOperation operation, string bucket, string key, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(call, cancellationToken);
        }
        catch (Exception ex) when (MayBeTheObjects(ex) && !cancellationToken.IsCancellationRequested)
        {
            if (!await StoreServesAsync(operation, bucket, cancellationToken))
            {
                throw;
            }

            try
            {
                return await call(cancellationToken);
            }
            catch (Exception again) when (MayBeTheObjects(again))
            {
                var unservable = new ObjectUnservableException(bucket, key, operation.ToString().ToUpperInvariant(), Retries.Attempts + 2, again);
                _unservable.Add(1, new KeyValuePair<string, object?>("operation", operation.ToString().ToLowerInvariant()));
                LogUnservable(_logger, unservable.Message);
                throw unservable;
            }
        }
    }

    /// <summary>A server fault, which may be the store's or the object's; not one that asks to be tried later.</summary>
    private static bool MayBeTheObjects(Exception exception) =>
        ObjectStoreFaults.IsTransient(exception) && ObjectStoreFaults.StatusOf(exception) is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);

    /// <summary>
    /// Whether the store serves a request of the same kind for another key: a GET of <see cref="AbsentProbeKey"/> for
    /// reads, a PUT of <see cref="WriteProbeKey"/> for writes (a full disk fails every write, not one object's).
    /// </summary>
    private async Task<bool> StoreServesAsync(ObjectOperation operation, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            if (operation is ObjectOperation.Put or ObjectOperation.Delete)
            {
                await PutOnceAsync(bucket, WriteProbeKey, WriteProbeContent, "text/plain", cancellationToken);
                return true;
            }

            return await ProbeBucketAsync(bucket, cancellationToken) == BucketState.Ready;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _direct.Dispose();
        _meter.Dispose();
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Created bucket {Bucket}")]
    private static partial void LogBucketCreated(ILogger logger, string bucket);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogUnservable(ILogger logger, string reason);

    private enum ObjectOperation
    {
        Get,
        Stat,
        Put,
        Delete,
    }
}

/// <summary>What a probe of the bucket found (<see cref="ObjectStore.ProbeBucketAsync"/>).</summary>
public enum BucketState
{
    /// <summary>The store answers for the bucket.</summary>
    Ready,

    /// <summary>The store answers, and the bucket does not exist.</summary>
    Missing,
}

/// <summary>The object store refused a request (4xx other than 404): not an outage, retrying will not help.</summary>
public sealed class ObjectStoreRefusedException(string message) : Exception(message);

/// <summary>What a HEAD request tells about an object. For a single-part upload the ETag is the MD5 of its content.</summary>
public sealed record StoredObject(long Size, string ETag);
