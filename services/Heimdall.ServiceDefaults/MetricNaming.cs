using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Heimdall.ServiceDefaults;

/// <summary>
/// The names the services export, made to pass <c>promtool check metrics</c> (a repository test runs it on every service's
/// /metrics): the libraries' gauges named <c>*.count</c> (the runtime's, Npgsql's) become plurals, because Prometheus
/// keeps the <c>_count</c> suffix for histograms; MassTransit's duration histograms, recorded in milliseconds, are not
/// exported, because Prometheus names carry base units (Heimdall.Messaging's <c>ConsumeMetrics</c> records the same
/// durations in seconds). docs/operations.md lists the names.
/// </summary>
internal static class MetricNaming
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["db.client.connection.count"] = "db.client.connections",
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    /// <summary>The view of <paramref name="instrument"/>: dropped, renamed, or null (exported as it is).</summary>
    public static MetricStreamConfiguration? View(Instrument instrument) =>
        instrument.Meter.Name == "MassTransit" && instrument.Unit == "ms" ? MetricStreamConfiguration.Drop
        : Renamed.TryGetValue(instrument.Name, out var name) ? new MetricStreamConfiguration { Name = name }
        : null;
}
