namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// A Kiwi's address as the public list gives it (<c>http://host:8073</c>, <c>https://host:port</c>), and the addresses
/// derived from it: the sound WebSocket <c>ws(s)://host:port/&lt;ts&gt;/SND</c> and <c>/status</c>.
/// </summary>
public sealed record KiwiEndpoint(Uri BaseUri)
{
    /// <summary>The endpoint, or why the url is not one, naming the field.</summary>
    public static (KiwiEndpoint? Endpoint, string? Problem) Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return (null, $"url '{url}' must be http://host:port or https://host:port for a kiwisdr receiver (as the public KiwiSDR list gives it).");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return (null, $"url '{url}' must be the Kiwi's address alone, without a path, query, fragment or user (the driver adds /<ts>/SND and /status).");
        }

        return (new KiwiEndpoint(new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri), null);
    }

    /// <summary>The sound stream of one connection: ws for http, wss for https; <paramref name="timestamp"/> links the user's sockets.</summary>
    public Uri SoundStream(long timestamp) => SoundStream(BaseUri, timestamp);

    public static Uri SoundStream(Uri baseUri, long timestamp) =>
        new UriBuilder(baseUri.Scheme == "https" ? "wss" : "ws", baseUri.Host, baseUri.Port, $"/{timestamp}/SND").Uri;

    public Uri Status => new(BaseUri, "/status");

    /// <summary>
    /// Where a redirect of the upgrade (Location) or a <c>MSG redirect=</c> points: an absolute http(s) or ws(s) URL, or a
    /// path relative to the stream; as a ws(s) sound stream URL.
    /// </summary>
    public static Uri? RedirectTarget(Uri current, string location, long timestamp)
    {
        if (!Uri.TryCreate(current, location, out var target))
        {
            return null;
        }

        return target.Scheme switch
        {
            "ws" or "wss" => target.AbsolutePath.EndsWith("/SND", StringComparison.Ordinal) ? target : SoundStream(new UriBuilder(target.Scheme == "wss" ? "https" : "http", target.Host, target.Port).Uri, timestamp),
            "http" or "https" => target.AbsolutePath.EndsWith("/SND", StringComparison.Ordinal)
                ? new UriBuilder(target) { Scheme = target.Scheme == "https" ? "wss" : "ws" }.Uri
                : SoundStream(new UriBuilder(target.Scheme, target.Host, target.Port).Uri, timestamp),
            _ => null,
        };
    }
}
