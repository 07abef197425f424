using System.Globalization;

namespace Heimdall.Storage;

/// <summary>
/// S3 kept failing on one object, with a server fault, through every retry and once more after it had served a request
/// of the same kind for another key: the fault is the object's (a half-written file behind it, say), not an outage of
/// the store, and waiting will not cure it. Not transient for <see cref="ObjectStoreFaults"/>, so nothing waits it out:
/// the caller decides (write a deterministic object again, or give it up and say so).
/// </summary>
public sealed class ObjectUnservableException(string bucket, string key, string operation, int attempts, Exception inner)
    : Exception(Describe(bucket, key, operation, attempts, inner), inner)
{
    public string Bucket { get; } = bucket;
    public string Key { get; } = key;

    /// <summary>GET, STAT, PUT or DELETE.</summary>
    public string Operation { get; } = operation;

    /// <summary>The exception among <paramref name="exception"/> and its inner ones, if any is one.</summary>
    public static ObjectUnservableException? In(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ObjectUnservableException unservable)
            {
                return unservable;
            }
        }

        return null;
    }

    private static string Describe(string bucket, string key, string operation, int attempts, Exception inner)
    {
        var answer = ObjectStoreFaults.StatusOf(inner) is { } status
            ? string.Create(CultureInfo.InvariantCulture, $"answered {(int)status} {status}")
            : "failed";
        return string.Create(CultureInfo.InvariantCulture,
            $"S3 cannot serve {ObjectStore.UriOf(bucket, key)}: it {answer} to each of {attempts} {operation} requests for it, while it served other requests ({inner.Message})");
    }
}
