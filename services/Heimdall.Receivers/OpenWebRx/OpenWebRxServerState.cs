using System.Globalization;
using System.Text.Json;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// What an OpenWebRX server has said of itself on the receiver socket so far: its version (the handshake's answer), the
/// merged <c>config</c> messages (the global keys and the current profile's: <c>samp_rate</c>, <c>center_freq</c>,
/// <c>sdr_id</c>, <c>profile_id</c>, <c>fft_size</c>, <c>audio_compression</c>, <c>fft_compression</c>, …), the
/// demodulation <c>modes</c> it offers, its <c>profiles</c> and the <c>log_message</c>s it sent.
/// </summary>
public sealed class OpenWebRxServerState
{
    private readonly Dictionary<string, JsonElement> _config = new(StringComparer.Ordinal);

    /// <summary>The version in <c>CLIENT DE SERVER server=openwebrx version=…</c>; null before the answer.</summary>
    public string? Version { get; private set; }

    public IReadOnlyList<OpenWebRxMode> Modes { get; private set; } = [];

    /// <summary>The profiles, <c>(id "sdr_id|profile_id", name "SDR name Profile name")</c>.</summary>
    public IReadOnlyList<(string Id, string Name)> Profiles { get; private set; } = [];

    public List<string> LogMessages { get; } = [];

    public bool ModesReceived { get; private set; }

    public bool ProfilesReceived { get; private set; }

    /// <summary>A <c>config</c> came: the server admitted the client (a refusal would have come first).</summary>
    public bool ConfigReceived { get; private set; }

    public double? SampleRateHz => Number("samp_rate");
    public double? CenterFrequencyHz => Number("center_freq");
    public int? FftSize => Number("fft_size") is { } size ? (int)size : null;
    public string? AudioCompression => Text("audio_compression");
    public string? FftCompression => Text("fft_compression");
    public int? MaxClients => Number("max_clients") is { } count ? (int)count : null;

    /// <summary>The current profile as the server names it, <c>sdr_id|profile_id</c>; null until both are known.</summary>
    public string? ProfileId => Text("sdr_id") is { } sdr && Text("profile_id") is { } profile ? $"{sdr}|{profile}" : null;

    /// <summary>Enough to tune: the version, the profile's centre and rate, and the FFT's size.</summary>
    public bool HasTuning => Version is not null && SampleRateHz is > 0 && CenterFrequencyHz is not null && FftSize is > 0;

    /// <summary>The current profile, for messages: <c>rtlsdr|2m (145000000 Hz ± 1200000 Hz)</c>.</summary>
    public string DescribeProfile() => string.Create(CultureInfo.InvariantCulture,
        $"{ProfileId ?? "?"} ({CenterFrequencyHz} Hz ± {SampleRateHz / 2} Hz)");

    /// <summary>Reads the handshake's answer; false when the text is not one.</summary>
    public bool TryHandshake(string text)
    {
        if (!text.StartsWith("CLIENT DE SERVER", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = text[16..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        Version = fields.TryGetValue("version", out var version) ? version : "unknown";
        return true;
    }

    /// <summary>Merges a <c>config</c> message; returns the keys it changed.</summary>
    public IReadOnlyList<string> ApplyConfig(JsonElement value)
    {
        var changed = new List<string>();
        ConfigReceived = true;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return changed;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (!_config.TryGetValue(property.Name, out var before) || before.GetRawText() != property.Value.GetRawText())
            {
                changed.Add(property.Name);
            }

            _config[property.Name] = property.Value.Clone();
        }

        return changed;
    }

    public void ApplyModes(JsonElement value)
    {
        ModesReceived = true;
        Modes = value.ValueKind != JsonValueKind.Array ? [] : [.. value.EnumerateArray().Select(OpenWebRxMode.Parse).OfType<OpenWebRxMode>()];
    }

    public void ApplyProfiles(JsonElement value)
    {
        ProfilesReceived = true;
        Profiles = value.ValueKind != JsonValueKind.Array
            ? []
            : [.. value.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                .Select(p => (p.GetProperty("id").GetString()!, p.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : ""))];
    }

    private double? Number(string key) =>
        _config.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : null;

    private string? Text(string key) => _config.TryGetValue(key, out var value) && value.ValueKind switch
    {
        JsonValueKind.String => true,
        JsonValueKind.Number => true,
        _ => false,
    }
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;
}

/// <summary>One demodulation mode of the server's <c>modes</c> message, with its default passband when it has one.</summary>
public sealed record OpenWebRxMode(string Modulation, string Name, double? LowCutHz, double? HighCutHz)
{
    /// <summary>The single-sideband modes: real audio of one sideband (usbd/lsbd: OpenWebRX+'s wide "DATA" modes).</summary>
    public bool IsSingleSideband => Modulation is "usb" or "lsb" or "usbd" or "lsbd";

    public double Width => HighCutHz - LowCutHz ?? 0;

    public static OpenWebRxMode? Parse(JsonElement mode)
    {
        if (mode.ValueKind != JsonValueKind.Object || !mode.TryGetProperty("modulation", out var modulation) || modulation.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        double? low = null, high = null;
        if (mode.TryGetProperty("bandpass", out var bandpass) && bandpass.ValueKind == JsonValueKind.Object
            && bandpass.TryGetProperty("low_cut", out var l) && l.TryGetDouble(out var lowCut)
            && bandpass.TryGetProperty("high_cut", out var h) && h.TryGetDouble(out var highCut))
        {
            (low, high) = (lowCut, highCut);
        }

        var name = mode.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : modulation.GetString()!;
        return new OpenWebRxMode(modulation.GetString()!, name, low, high);
    }
}
