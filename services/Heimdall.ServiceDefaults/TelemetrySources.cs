namespace Heimdall.ServiceDefaults;

/// <summary>
/// The trace sources and meters every host exports (by name, so this project references none of the libraries). Tests
/// that collect telemetry in process use the same lists.
/// </summary>
public static class TelemetrySources
{
    /// <summary>ActivitySource names: MassTransit (consume, publish, send), Npgsql, and each Heimdall service's own.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = ["MassTransit", "Npgsql", "Heimdall.*"];

    /// <summary>Meter names: MassTransit, Npgsql, and Heimdall.* (services, Messaging, Resilience, Hosting).</summary>
    public static IReadOnlyList<string> Meters { get; } = ["MassTransit", "Npgsql", "Heimdall.*"];
}
