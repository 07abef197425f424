using System.Globalization;
using System.Text.Json;
using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// An OpenWebRX (or OpenWebRX+) receiver's <c>url</c> (the address a browser opens, <c>http(s)://host:port/</c>, with the
/// path when the server sits behind a proxy) and <c>settings</c> (docs/receivers.md, OpenWebRX). Every value is checked,
/// one sentence per problem naming its key.
/// </summary>
public sealed record OpenWebRxSettings
{
    /// <summary>The longest a ban lasts on OpenWebRX+ (owrx/client.py: 60 · 12 minutes): the shortest cool-down after one.</summary>
    public const double BanSeconds = 12 * 3600;

    /// <summary>The page's address, ending in a slash.</summary>
    public required Uri Page { get; init; }

    /// <summary>The receiver WebSocket (<c>ws(s)://…/ws/</c>).</summary>
    public Uri WebSocket => new UriBuilder(Page) { Scheme = Page.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs, Path = Page.AbsolutePath + "ws/" }.Uri;

    /// <summary>The status document (<c>…/status.json</c>).</summary>
    public Uri Status => new(Page, "status.json");

    /// <summary><c>profiles</c>: the profiles (<c>"sdr_id|profile_id"</c>) the driver may select when the request lies outside the current one; empty: never (a profile change retunes the SDR for every listener).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary><c>mode</c>: <c>"auto"</c> (the widest single-sideband mode the server offers) or a modulation (<c>usb</c>, <c>lsb</c>, <c>usbd</c>, <c>lsbd</c>).</summary>
    public string Mode { get; init; } = "auto";

    /// <summary>
    /// <c>basis</c>: what the measurement is made from. <c>"auto"</c>: the FFT lines when the server sends them
    /// uncompressed, else the audio with the S-meter (ADPCM flattens a carrier's peak in the lines); <c>"spectrum"</c>,
    /// <c>"audio"</c>: always that one.
    /// </summary>
    public string Basis { get; init; } = "auto";

    /// <summary><c>connectLeadSeconds</c>: how long before the start the session opens (handshake, demodulator start, audio discard).</summary>
    public double ConnectLeadSeconds { get; init; } = 3;

    /// <summary><c>audioDiscardMs</c>: audio dropped after the demodulator starts (its filters, resampler and AGC settling).</summary>
    public double AudioDiscardMs { get; init; } = 500;

    /// <summary><c>handshakeTimeoutSeconds</c>: from the WebSocket upgrade to the server's configuration.</summary>
    public double HandshakeTimeoutSeconds { get; init; } = 10;

    /// <summary><c>stallTimeoutSeconds</c>: the longest silence of the audio once started.</summary>
    public double StallTimeoutSeconds { get; init; } = 3;

    /// <summary><c>tooManyClientsCoolDownSeconds</c>: after <c>backoff "Too many clients"</c> (max_clients, or max_clients_per_ip on OpenWebRX+).</summary>
    public double TooManyClientsCoolDownSeconds { get; init; } = 300;

    /// <summary><c>bannedCoolDownSeconds</c>: after <c>backoff "Client address banned"</c>; at least the 12 hours a ban lasts.</summary>
    public double BannedCoolDownSeconds { get; init; } = BanSeconds;

    /// <summary><c>sdrErrorCoolDownSeconds</c>: after <c>sdr_error</c> (no SDR available, or it failed).</summary>
    public double SdrErrorCoolDownSeconds { get; init; } = 600;

    /// <summary><c>clientName</c>: said in the handshake (<c>SERVER DE CLIENT client=… type=receiver</c>).</summary>
    public string ClientName { get; init; } = "heimdall";

    /// <summary>The page's address for messages (no trailing slash when the path is the root).</summary>
    public string Url => Page.AbsolutePath == "/" ? Page.GetLeftPart(UriPartial.Authority) : Page.ToString();

    /// <summary>The key the per-server gate serialises sessions on: one open session per server at a time.</summary>
    public string ServerKey => Page.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    public static OpenWebRxSettings Read(Receiver receiver, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(problems);
        var page = ReadUrl(receiver.Url, problems);
        using var json = ReceiverSettingsJson.Open(receiver.Settings, problems);
        var settings = new OpenWebRxSettings
        {
            Page = page,
            Profiles = ReadProfiles(json),
            Mode = ReadMode(json),
            Basis = ReadWord(json, "basis", "auto", ["auto", "spectrum", "audio"]),
            ConnectLeadSeconds = json.Number("connectLeadSeconds", 3, 0, 60, "seconds"),
            AudioDiscardMs = json.Number("audioDiscardMs", 500, 0, 10_000, "milliseconds"),
            HandshakeTimeoutSeconds = json.Number("handshakeTimeoutSeconds", 10, 0.5, 60, "seconds"),
            StallTimeoutSeconds = json.Number("stallTimeoutSeconds", 3, 0.5, 60, "seconds"),
            TooManyClientsCoolDownSeconds = json.Number("tooManyClientsCoolDownSeconds", 300, 16, 86_400, "seconds"),
            BannedCoolDownSeconds = json.Number("bannedCoolDownSeconds", BanSeconds, BanSeconds, 7 * 86_400, "seconds (a ban lasts 12 hours)"),
            SdrErrorCoolDownSeconds = json.Number("sdrErrorCoolDownSeconds", 600, 0, 86_400, "seconds"),
            ClientName = ReadClientName(json),
        };
        json.UnknownKeys();

        if (settings.HandshakeTimeoutSeconds >= receiver.TimeoutSeconds)
        {
            problems.Add(Format($"settings.handshakeTimeoutSeconds ({settings.HandshakeTimeoutSeconds} s) must be below timeout_seconds ({receiver.TimeoutSeconds} s), so that a server that does not answer is reported as such before the attempt times out."));
        }

        if (settings.StallTimeoutSeconds >= receiver.TimeoutSeconds)
        {
            problems.Add(Format($"settings.stallTimeoutSeconds ({settings.StallTimeoutSeconds} s) must be below timeout_seconds ({receiver.TimeoutSeconds} s), so that a stall is reported as such before the attempt times out."));
        }

        if (!(receiver.SampleRateHz <= 200_000))
        {
            problems.Add(Format($"sample_rate_hz {receiver.SampleRateHz} is the band measured around the requested frequency in the server's spectrum, at most 200000 Hz for an OpenWebRX receiver (it streams no IQ)."));
        }

        return settings;
    }

    private static Uri ReadUrl(string url, List<string> problems)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0)
        {
            var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
            return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri;
        }

        problems.Add($"url '{url}' must be the address a browser opens, http(s)://host:port/ (with its path behind a proxy), for an OpenWebRX receiver.");
        return new Uri("http://invalid/");
    }

    private static List<string> ReadProfiles(ReceiverSettingsJson json)
    {
        const string Rule = "an array of profile ids, each \"sdr_id|profile_id\" as the server's profiles list names them";
        if (json.Raw("profiles") is not { } value)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(IsProfileId))
        {
            return [.. value.EnumerateArray().Select(p => p.GetString()!)];
        }

        json.Refuse("profiles", Rule, value);
        return [];
    }

    private static bool IsProfileId(JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { } id && id.Split('|') is [{ Length: > 0 }, { Length: > 0 }];

    private static string ReadMode(ReceiverSettingsJson json)
    {
        if (json.Raw("mode") is not { } value)
        {
            return "auto";
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is "auto" or "usb" or "lsb" or "usbd" or "lsbd")
        {
            return value.GetString()!;
        }

        json.Refuse("mode", "\"auto\" (the widest single-sideband mode offered) or one of \"usb\", \"lsb\", \"usbd\", \"lsbd\"", value);
        return "auto";
    }

    private static string ReadWord(ReceiverSettingsJson json, string key, string fallback, string[] words)
    {
        if (json.Raw(key) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.String && words.Contains(value.GetString()))
        {
            return value.GetString()!;
        }

        json.Refuse(key, "one of " + string.Join(", ", words.Select(w => $"\"{w}\"")), value);
        return fallback;
    }

    private static string ReadClientName(ReceiverSettingsJson json)
    {
        if (json.Raw("clientName") is not { } value)
        {
            return "heimdall";
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 64 } name && name.All(c => c is > ' ' and <= '~' and not '='))
        {
            return name;
        }

        json.Refuse("clientName", "1 to 64 printable ASCII characters without spaces or '='", value);
        return "heimdall";
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
