using System.Globalization;
using System.Text.Json;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// What OpenWebRX's refusals mean, as exceptions that quote the server. <c>backoff</c> (sent, then the connection
/// closed) and <c>sdr_error</c> are <see cref="ReceiverRefusedException"/>s with a cool-down: a ban lasts 12 hours, and a
/// browser itself waits at least 16 s after a backoff. A profile locked by its owner is a refusal without one.
/// </summary>
public static class OpenWebRxRefusal
{
    /// <summary>The refusal a text message is, or null. <paramref name="when"/> says when it came ("at connect", "… into the capture").</summary>
    public static ReceiverRefusedException? From(JsonElement message, OpenWebRxSettings settings, int? maxClients, string when)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var type = message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "backoff":
                var reason = message.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? "" : "";
                if (reason.Contains("banned", StringComparison.OrdinalIgnoreCase))
                {
                    return new ReceiverRefusedException(Invariant(
                        $"OpenWebRX {settings.Url} said backoff '{reason}' {when}: OpenWebRX+ banned this address as a robot (several connections, or profile changes, from one address within seconds); a ban lasts 12 hours. Not contacted again for {settings.BannedCoolDownSeconds} s (settings.bannedCoolDownSeconds)."),
                        TimeSpan.FromSeconds(settings.BannedCoolDownSeconds));
                }

                return new ReceiverRefusedException(Invariant(
                    $"OpenWebRX {settings.Url} said backoff '{reason}' {when}: {(reason.Contains("too many", StringComparison.OrdinalIgnoreCase) ? $"every one of its {(maxClients is { } max ? max.ToString(CultureInfo.InvariantCulture) : "max_clients")} client places is taken (or, on OpenWebRX+, this address already has max_clients_per_ip)" : "the server asks clients to back off")}. Not contacted again for {settings.TooManyClientsCoolDownSeconds} s (settings.tooManyClientsCoolDownSeconds)."),
                    TimeSpan.FromSeconds(settings.TooManyClientsCoolDownSeconds));
            case "sdr_error":
                var text = !message.TryGetProperty("value", out var v) ? "" : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
                var coolDown = settings.SdrErrorCoolDownSeconds > 0 ? TimeSpan.FromSeconds(settings.SdrErrorCoolDownSeconds) : (TimeSpan?)null;
                return new ReceiverRefusedException(Invariant(
                    $"OpenWebRX {settings.Url} said sdr_error '{text}' {when}: its SDR is not available.{(coolDown is null ? "" : $" Not contacted again for {settings.SdrErrorCoolDownSeconds} s (settings.sdrErrorCoolDownSeconds).")}"),
                    coolDown);
            default:
                return null;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
