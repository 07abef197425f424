using System.Globalization;
using System.Text.Json;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// <c>receivers.settings</c> of a <c>kiwisdr</c> receiver (a JSON object, camelCase; every field optional, <c>{}</c> gives
/// the defaults below). The fields and their defaults are documented in docs/receivers.md.
/// </summary>
public sealed record KiwiSdrSettings
{
    /// <summary>The user password (<c>SET auth … p=</c>); null for a public Kiwi.</summary>
    public string? Password { get; init; }

    /// <summary>The time-limit exemption password (<c>ipl=</c>): exempts the session from the inactivity and 24-hour limits.</summary>
    public string? TimeLimitPassword { get; init; }

    /// <summary>The Kiwi's AGC. Off by default so that levels are comparable; on, the capture's timing warns that they are not.</summary>
    public bool Agc { get; init; }

    /// <summary>The fixed gain with AGC off (<c>manGain</c>), dB, 0..120.</summary>
    public int ManGainDb { get; init; } = 50;

    /// <summary>IQ passband, Hz; the server clips it to ±(sample rate/2 − 1).</summary>
    public int LowCutHz { get; init; } = -5_000;

    public int HighCutHz { get; init; } = 5_000;

    /// <summary>A stamp whose GPS solution is older than this (seconds) is not used; 0..252.</summary>
    public int MaxGnssSolutionAgeSeconds { get; init; } = 30;

    /// <summary>Samples discarded after tuning (the server resets its NCO about 1.5 s after the first tune).</summary>
    public double DiscardSeconds { get; init; } = 2.0;

    /// <summary>How long before the discard period the connection is opened when the start lies ahead (handshake time).</summary>
    public double ConnectLeadSeconds { get; init; } = 1.5;

    /// <summary>
    /// How many of the Kiwi's channels Heimdall may hold at once (1 to 16, at most its <c>rx_chans</c>): the Acquirer
    /// runs at most this many captures on the receiver at a time and makes the next one wait for a channel.
    /// </summary>
    public int Channels { get; init; } = 1;

    /// <summary>Cool-down after <c>too_busy</c> (all channels, or the non-browser channels, in use).</summary>
    public int TooBusyCoolDownSeconds { get; init; } = 300;

    /// <summary>Cool-down after <c>ip_limit</c>: the Kiwi blacklists an IP that comes back 5 times over its 24-hour limit.</summary>
    public int IpLimitCoolDownSeconds { get; init; } = 86_400;

    /// <summary><c>SET keepalive</c> interval; the server closes after 60 s without one.</summary>
    public double KeepaliveSeconds { get; init; } = 5;

    /// <summary>From the upgrade to the first SND frame.</summary>
    public double HandshakeTimeoutSeconds { get; init; } = 10;

    /// <summary>Longest silence between two SND frames (about 23 a second) before the stream counts as stalled.</summary>
    public double StallTimeoutSeconds { get; init; } = 3;

    /// <summary>Packets that may go missing (sequence gaps, filled with zeros to keep the time axis) before the capture fails.</summary>
    public int MaxMissingPackets { get; init; } = 4;

    /// <summary>How the session names itself to the Kiwi's users list (<c>SET ident_user=</c>).</summary>
    public string IdentUser { get; init; } = "Heimdall";

    private static readonly string[] Fields =
    [
        "password", "timeLimitPassword", "agc", "manGainDb", "lowCutHz", "highCutHz", "maxGnssSolutionAgeSeconds",
        "discardSeconds", "connectLeadSeconds", "channels", "tooBusyCoolDownSeconds", "ipLimitCoolDownSeconds", "keepaliveSeconds",
        "handshakeTimeoutSeconds", "stallTimeoutSeconds", "maxMissingPackets", "identUser",
    ];

    /// <summary>The settings, or every problem (one sentence each, naming the field) with null.</summary>
    public static (KiwiSdrSettings? Settings, IReadOnlyList<string> Problems) Parse(string json)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (JsonException ex)
        {
            return (null, [$"settings: not JSON ({ex.Message})."]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [$"settings: must be a JSON object (got {document.RootElement.ValueKind})."]);
            }

            var root = document.RootElement;
            foreach (var property in root.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
            {
                problems.Add($"settings.{property.Name}: unknown field for a kiwisdr receiver (known: {string.Join(", ", Fields)}).");
            }

            var defaults = new KiwiSdrSettings();
            var settings = new KiwiSdrSettings
            {
                Password = Text(root, "password", problems, allowSpaces: false),
                TimeLimitPassword = Text(root, "timeLimitPassword", problems, allowSpaces: false),
                Agc = Flag(root, "agc", problems) ?? defaults.Agc,
                ManGainDb = Integer(root, "manGainDb", 0, 120, problems) ?? defaults.ManGainDb,
                LowCutHz = Integer(root, "lowCutHz", -10_124, 10_124, problems) ?? defaults.LowCutHz,
                HighCutHz = Integer(root, "highCutHz", -10_124, 10_124, problems) ?? defaults.HighCutHz,
                MaxGnssSolutionAgeSeconds = Integer(root, "maxGnssSolutionAgeSeconds", 0, 252, problems) ?? defaults.MaxGnssSolutionAgeSeconds,
                DiscardSeconds = Number(root, "discardSeconds", 0, 30, problems) ?? defaults.DiscardSeconds,
                ConnectLeadSeconds = Number(root, "connectLeadSeconds", 0, 30, problems) ?? defaults.ConnectLeadSeconds,
                Channels = Integer(root, "channels", 1, 16, problems) ?? defaults.Channels,
                TooBusyCoolDownSeconds = Integer(root, "tooBusyCoolDownSeconds", 0, 604_800, problems) ?? defaults.TooBusyCoolDownSeconds,
                IpLimitCoolDownSeconds = Integer(root, "ipLimitCoolDownSeconds", 0, 604_800, problems) ?? defaults.IpLimitCoolDownSeconds,
                KeepaliveSeconds = Number(root, "keepaliveSeconds", 0.1, 50, problems) ?? defaults.KeepaliveSeconds,
                HandshakeTimeoutSeconds = Number(root, "handshakeTimeoutSeconds", 0.1, 60, problems) ?? defaults.HandshakeTimeoutSeconds,
                StallTimeoutSeconds = Number(root, "stallTimeoutSeconds", 0.1, 60, problems) ?? defaults.StallTimeoutSeconds,
                MaxMissingPackets = Integer(root, "maxMissingPackets", 0, 1_000, problems) ?? defaults.MaxMissingPackets,
                IdentUser = Text(root, "identUser", problems, allowSpaces: true) ?? defaults.IdentUser,
            };

            if (settings.LowCutHz >= settings.HighCutHz)
            {
                problems.Add(Invariant($"settings.lowCutHz ({settings.LowCutHz}) must be below settings.highCutHz ({settings.HighCutHz})."));
            }

            if (settings.IdentUser.Length is 0 or > 64)
            {
                problems.Add("settings.identUser must be 1 to 64 characters.");
            }

            return problems.Count > 0 ? (null, problems) : (settings, problems);
        }
    }

    private static string? Text(JsonElement root, string name, List<string> problems, bool allowSpaces)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"settings.{name} must be a string (got {value.ValueKind}).");
            return null;
        }

        var text = value.GetString()!;
        if (!allowSpaces && text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add($"settings.{name} must not contain spaces or control characters (the Kiwi's SET auth separates fields by spaces).");
        }

        return text;
    }

    private static bool? Flag(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add($"settings.{name} must be true or false (got {value.ValueKind}).");
        return null;
    }

    private static int? Integer(JsonElement root, string name, int min, int max, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            problems.Add($"settings.{name} must be a whole number between {min} and {max} (got {value.GetRawText()}).");
            return null;
        }

        if (number < min || number > max)
        {
            problems.Add(Invariant($"settings.{name} must be between {min} and {max} (got {number})."));
            return null;
        }

        return number;
    }

    private static double? Number(JsonElement root, string name, double min, double max, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            problems.Add($"settings.{name} must be a number between {Invariant($"{min}")} and {Invariant($"{max}")} (got {value.GetRawText()}).");
            return null;
        }

        if (number < min || number > max)
        {
            problems.Add(Invariant($"settings.{name} must be between {min} and {max} (got {number})."));
            return null;
        }

        return number;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
