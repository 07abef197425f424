using System.Globalization;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// The Kiwi's <c>GET /status</c>: plain <c>key=value</c> lines (status, offline, users, users_max, gps, gps_good, fixes,
/// tdoa_ch, sw_version, …). Unknown keys are kept in <see cref="Values"/>; a missing or malformed number is null.
/// </summary>
public sealed record KiwiStatus(IReadOnlyDictionary<string, string> Values)
{
    private static readonly string[] GnssKeys = ["gps_good", "fixes", "tdoa_ch"];

    public static KiwiStatus Parse(string body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return new KiwiStatus(values);
    }

    /// <summary>True when the body looks like a Kiwi's status at all.</summary>
    public bool IsKiwi => Values.ContainsKey("users_max") || Values.ContainsKey("sw_version");

    public string? Status => Get("status");
    public bool Offline => Get("offline") == "yes" || Status == "offline";
    public int? Users => Int("users");
    public int? UsersMax => Int("users_max");
    public int? GpsGood => Int("gps_good");
    public int? Fixes => Int("fixes");

    /// <summary>Channels available to TDoA; −1 when the admin switched the GNSS stamps off.</summary>
    public int? TdoaChannels => Int("tdoa_ch");

    /// <summary><c>sw_version=KiwiSDR_v1.711</c> as <c>KiwiSDR 1.711</c>.</summary>
    public string? Version => Get("sw_version") is { } raw
        ? raw.StartsWith("KiwiSDR_v", StringComparison.Ordinal) ? "KiwiSDR " + raw["KiwiSDR_v".Length..] : raw
        : null;

    /// <summary>The GNSS state in the Kiwi's words, e.g. <c>gps_good=7 fixes=1234 tdoa_ch=4</c>; null when it says nothing.</summary>
    public string? Gnss
    {
        get
        {
            var parts = GnssKeys.Where(Values.ContainsKey).Select(k => $"{k}={Values[k]}").ToList();
            return parts.Count == 0 ? null : string.Join(' ', parts);
        }
    }

    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    private int? Int(string key) =>
        Get(key) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
