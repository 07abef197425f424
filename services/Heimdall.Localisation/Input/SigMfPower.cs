using System.Text.Json;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Power;

namespace Heimdall.Localisation.Input;

/// <summary>
/// A receiver's calibrated power as an archived SigMF meta states it, for a power-based region: its name
/// (<c>heimdall:receiver_name</c>, else the fallback), position (<c>core:geolocation</c>, unless one is given) and
/// <c>heimdall:metrics.power_dbm</c> with <c>uncertainty.power_db</c> (null when the receiver is uncalibrated or saw no
/// signal). Reads only the metadata. Throws <see cref="KeyNotFoundException"/>, <see cref="InvalidOperationException"/>
/// or <see cref="FormatException"/> for a meta without <c>global</c> or with fields of the wrong type.
/// </summary>
public static class SigMfPower
{
    public static PowerObservation Observation(JsonElement meta, string fallbackName, GeoPosition? position = null)
    {
        var global = meta.GetProperty("global");
        var name = global.TryGetProperty("heimdall:receiver_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : fallbackName;
        var at = position
            ?? (global.TryGetProperty("core:geolocation", out var geo) && geo.TryGetProperty("coordinates", out var c) && c.GetArrayLength() >= 2
                ? new GeoPosition(c[1].GetDouble(), c[0].GetDouble(), c.GetArrayLength() > 2 ? c[2].GetDouble() : 0)
                : new GeoPosition(double.NaN, double.NaN));
        double? power = null;
        double sigma = 0;
        if (global.TryGetProperty("heimdall:metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            var detected = !metrics.TryGetProperty("signal_detected", out var d) || d.ValueKind != JsonValueKind.False;
            power = detected && metrics.TryGetProperty("power_dbm", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
            sigma = metrics.TryGetProperty("uncertainty", out var u) && u.ValueKind == JsonValueKind.Object && u.TryGetProperty("power_db", out var s)
                    && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
        }

        return new PowerObservation(name, at, power, sigma);
    }
}
