namespace Heimdall.Receivers.Replay;

/// <summary>What a replay url points at.</summary>
public enum ReplayTarget
{
    /// <summary>A <c>.sigmf-meta</c> (or its <c>.sigmf-data</c>, or the base name without extension).</summary>
    Recording,

    /// <summary>A <c>.sigmf-collection</c>: the stream is chosen by the settings.</summary>
    Collection,

    /// <summary>A folder of recordings (a url ending in <c>/</c>, or an existing directory): the stream is chosen by the settings.</summary>
    Folder,
}

/// <summary>
/// A replay receiver's url: <c>file:///abs/path</c> (disk) or <c>s3://bucket/key</c> (the object store), and what it
/// points at. <see cref="Path"/> is the absolute file path, or the object key, of the meta, the collection or the
/// folder (ending in <c>/</c>); for a recording it is the base name without extension.
/// </summary>
public sealed record ReplayLocation(string Url, string? Bucket, string Path, ReplayTarget Target)
{
    public const string MetaExtension = ".sigmf-meta";
    public const string DataExtension = ".sigmf-data";
    public const string CollectionExtension = ".sigmf-collection";

    public bool OnDisk => Bucket is null;

    /// <summary>The location, or null with a problem added.</summary>
    public static ReplayLocation? Parse(string url, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        const string Forms = "file:///absolute/path (a .sigmf-meta, a .sigmf-collection or a folder) or s3://bucket/key";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problems.Add($"url '{url}' must be {Forms} for a replay receiver.");
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeFile && uri.Host.Length == 0 && System.IO.Path.IsPathFullyQualified(uri.LocalPath))
        {
            var path = uri.LocalPath;
            return Classify(url, null, path, path.EndsWith('/') || Directory.Exists(path));
        }

        if (uri.Scheme == "s3" && uri.Host.Length > 0 && uri.AbsolutePath.Length > 1)
        {
            var key = Uri.UnescapeDataString(uri.AbsolutePath[1..]);
            return Classify(url, uri.Host, key, key.EndsWith('/'));
        }

        problems.Add($"url '{url}' must be {Forms} for a replay receiver.");
        return null;
    }

    private static ReplayLocation Classify(string url, string? bucket, string path, bool folder)
    {
        if (path.EndsWith(CollectionExtension, StringComparison.Ordinal))
        {
            return new ReplayLocation(url, bucket, path, ReplayTarget.Collection);
        }

        if (folder)
        {
            return new ReplayLocation(url, bucket, path.EndsWith('/') ? path : path + "/", ReplayTarget.Folder);
        }

        var basePath = path.EndsWith(MetaExtension, StringComparison.Ordinal) ? path[..^MetaExtension.Length]
            : path.EndsWith(DataExtension, StringComparison.Ordinal) ? path[..^DataExtension.Length]
            : path;
        return new ReplayLocation(url, bucket, basePath, ReplayTarget.Recording);
    }
}
