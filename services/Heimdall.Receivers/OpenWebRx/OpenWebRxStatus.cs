using System.Globalization;
using System.Text.Json;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// OpenWebRX's <c>GET /status.json</c>: the receiver's name and location, <c>max_clients</c>, the version, and per SDR its
/// profiles with their centre and sample rate (by name; the receiver socket's <c>profiles</c> list names them
/// "SDR name Profile name" with their ids).
/// </summary>
public sealed record OpenWebRxStatus(string? Name, string? Location, int? MaxClients, string? Version, IReadOnlyList<OpenWebRxStatusProfile> Profiles)
{
    /// <summary>The status, or null when the body is not an OpenWebRX status document.</summary>
    public static OpenWebRxStatus? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sdrs", out var sdrs) || sdrs.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var receiver = root.TryGetProperty("receiver", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
            var profiles = new List<OpenWebRxStatusProfile>();
            foreach (var sdr in sdrs.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                var sdrName = Text(sdr, "name") ?? "";
                if (!sdr.TryGetProperty("profiles", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                profiles.AddRange(list.EnumerateArray()
                    .Where(p => p.ValueKind == JsonValueKind.Object && Number(p, "center_freq") is not null && Number(p, "sample_rate") is not null)
                    .Select(p => new OpenWebRxStatusProfile(sdrName, Text(p, "name") ?? "", Number(p, "center_freq")!.Value, Number(p, "sample_rate")!.Value)));
            }

            return new OpenWebRxStatus(
                receiver.ValueKind == JsonValueKind.Object ? Text(receiver, "name") : null,
                receiver.ValueKind == JsonValueKind.Object ? Text(receiver, "location") : null,
                Number(root, "max_clients") is { } max ? (int)max : null,
                Text(root, "version"),
                profiles);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : null;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"'{Name ?? "?"}' ({Location ?? "no location"}), OpenWebRX {Version ?? "?"}, max_clients {MaxClients?.ToString(CultureInfo.InvariantCulture) ?? "?"}, {Profiles.Count} profiles");
}

/// <summary>One profile of the status document: its SDR's name, its own name, its centre and sample rate.</summary>
public sealed record OpenWebRxStatusProfile(string SdrName, string Name, double CenterFrequencyHz, double SampleRateHz)
{
    /// <summary>The name the receiver socket's <c>profiles</c> list gives it: "SDR name Profile name".</summary>
    public string ListedName => $"{SdrName} {Name}";
}
