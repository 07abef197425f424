using System.Globalization;
using System.Text.Json;

namespace Heimdall.Signal;

/// <summary>
/// <c>heimdall:passband</c> in a SigMF recording's <c>global</c>: <c>{"low_hz": -5000, "high_hz": 5000}</c>, the band the
/// receiver passed (Hz from the tuned frequency), which the IqArchiver records and a replay and <c>heimdall analyze</c>
/// measure inside. A recording without it is measured over its whole band.
/// </summary>
public static class SigMfPassband
{
    public const string Field = "heimdall:passband";
    public const string Low = "low_hz";
    public const string High = "high_hz";

    /// <summary>The recorded passband (null when <paramref name="global"/> has none), or why it cannot be one (no final period).</summary>
    public static (Passband? Passband, string? Problem) Read(JsonElement global)
    {
        if (global.ValueKind != JsonValueKind.Object || !global.TryGetProperty(Field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(Low, out var low) && low.ValueKind == JsonValueKind.Number
            && element.TryGetProperty(High, out var high) && high.ValueKind == JsonValueKind.Number)
        {
            var passband = new Passband(low.GetDouble(), high.GetDouble());
            return passband.Problem is { } problem ? (null, $"global.{Field}: {problem.TrimEnd('.')}") : (passband, null);
        }

        return (null, string.Create(CultureInfo.InvariantCulture, $"global.{Field} must be an object with the numbers {Low} and {High} (got {element.GetRawText()})"));
    }
}
