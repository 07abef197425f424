using System.Text.RegularExpressions;

namespace Heimdall.Chaos;

/// <summary>
/// The requests the local s3rver answered for one bucket, counted from its log ($HEIMDALL_HOME/logs/s3.log) between a
/// mark and now: one line per request (<c>…bucket/key STATUS TIMEms SIZE</c>), bucket-level ones (HEAD or GET of the
/// bucket) apart, and one "Stored object" line per PUT. Absent (null) when the stack's S3 server is not s3rver.
/// </summary>
public sealed partial class S3RequestLog
{
    private readonly string _path;
    private readonly string _bucket;
    private long _mark;

    public S3RequestLog(string bucket)
    {
        var home = Environment.GetEnvironmentVariable("HEIMDALL_HOME") is { Length: > 0 } h ? h : Path.Combine(Testing.RepositoryPaths.Root, ".heimdall");
        _path = Path.Combine(home, "logs", "s3.log");
        _bucket = bucket;
        Mark();
    }

    public sealed record Counts(int Requests, int BucketRequests, int Puts);

    public void Mark() => _mark = File.Exists(_path) ? new FileInfo(_path).Length : 0;

    public Counts? SinceMark()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(_mark, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        int requests = 0, bucketLevel = 0, puts = 0;
        // The bucket names are unique per run; s3rver's request line may cut the bucket name's first characters.
        var suffix = _bucket[^10..];
        while (reader.ReadLine() is { } raw)
        {
            var line = Ansi().Replace(raw, "");
            if (IsStored(line, ""))
            {
                puts++;
            }
            else if (RequestLine().Match(line) is { Success: true } m && m.Groups["bucket"].Value.EndsWith(suffix, StringComparison.Ordinal))
            {
                requests++;
                bucketLevel += m.Groups["key"].Value.Length == 0 ? 1 : 0;
            }
        }

        return requests == 0 ? null : new Counts(requests, bucketLevel, puts);
    }

    /// <summary>
    /// Until s3rver logs an object of the bucket whose key ends with <paramref name="keySuffix"/> as stored, from now
    /// on (the log is read as it grows, every millisecond or so); false after <paramref name="timeout"/>, or at once
    /// without a log.
    /// </summary>
    public async Task<bool> NextStoredAsync(string keySuffix, TimeSpan timeout)
    {
        if (!File.Exists(_path))
        {
            return false;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(0, SeekOrigin.End);
        using var reader = new StreamReader(stream);
        var partial = "";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var grown = await reader.ReadToEndAsync();
            if (grown.Length == 0)
            {
                await Task.Delay(1);
                continue;
            }

            var lines = (partial + grown).Split('\n');
            partial = lines[^1];
            if (lines[..^1].Any(line => IsStored(Ansi().Replace(line, ""), keySuffix)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>s3rver's line for a PUT: <c>Stored object "KEY" in bucket "BUCKET" successfully</c>.</summary>
    private bool IsStored(string line, string keySuffix) =>
        line.Contains("Stored object \"", StringComparison.Ordinal)
        && line.Contains($"in bucket \"{_bucket}\"", StringComparison.Ordinal)
        && line.Contains(keySuffix + "\"", StringComparison.Ordinal);

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^info: (?<bucket>[^/\s]+)/(?<key>\S*) \d{3} \d+ms ")]
    private static partial Regex RequestLine();
}
