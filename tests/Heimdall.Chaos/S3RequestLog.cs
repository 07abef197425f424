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
            if (line.Contains($"Stored object", StringComparison.Ordinal) && line.Contains($"in bucket \"{_bucket}\"", StringComparison.Ordinal))
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

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^info: (?<bucket>[^/\s]+)/(?<key>\S*) \d{3} \d+ms ")]
    private static partial Regex RequestLine();
}
