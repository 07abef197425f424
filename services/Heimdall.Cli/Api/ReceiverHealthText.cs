using System.Globalization;
using System.Text.Json.Nodes;

namespace Heimdall.Cli.Api;

/// <summary>
/// A receiver's <c>health</c> as the API sends it (<c>uptime24h</c>, <c>probes24h</c>, <c>uptime7d</c>, <c>probes7d</c>,
/// <c>latest</c>: the last probe, with <c>probedAt</c>, <c>reachable</c>, <c>latencyMs</c>, <c>detail</c>), in words.
/// </summary>
internal static class ReceiverHealthText
{
    /// <summary>For the list: <c>up 98%/24h</c>, <c>down 40%/24h</c>, <c>up</c> (no probe in 24 h), <c>not probed</c>, or <c>-</c> (unknown).</summary>
    public static string Short(JsonNode? health)
    {
        if (health is null)
        {
            return "-";
        }

        if (health["latest"] is not { } latest)
        {
            return "not probed";
        }

        var state = latest["reachable"]!.GetValue<bool>() ? "up" : "down";
        return health["uptime24h"] is { } uptime ? $"{state} {Percent(uptime)}/24h" : state;
    }

    /// <summary>For one receiver: the last probe, when it was, how fast, and what it said.</summary>
    public static string Latest(JsonNode? health)
    {
        if (health?["latest"] is not { } latest)
        {
            return health is null ? "unknown" : "not probed yet";
        }

        var state = latest["reachable"]!.GetValue<bool>() ? "up" : "down";
        var latency = latest["latencyMs"] is { } ms ? $", {ms.GetValue<double>().ToString("0", CultureInfo.InvariantCulture)} ms" : "";
        return $"{state} (probed {Table.TimeUtc(latest["probedAt"])}{latency}): {Table.Text(latest["detail"], "")}";
    }

    /// <summary>For one receiver: the share of probes that reached it over 24 hours and 7 days.</summary>
    public static string Uptime(JsonNode? health) => health is null
        ? "-"
        : $"{Window(health["uptime24h"], health["probes24h"])} in 24 h, {Window(health["uptime7d"], health["probes7d"])} in 7 d";

    private static string Window(JsonNode? uptime, JsonNode? probes) =>
        uptime is null ? "no probe" : $"{Percent(uptime)} of {Table.Text(probes)} probes";

    private static string Percent(JsonNode uptime) => (uptime.GetValue<double>() * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
