using System.ComponentModel.DataAnnotations;

namespace Heimdall.ServiceDefaults;

/// <summary>Section <c>Telemetry</c>: where the Prometheus scrape endpoint answers.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// <c>Telemetry:MetricsPort</c>: serve <c>/metrics</c> only on connections to this local port (the host must listen on
    /// it too, e.g. <c>ASPNETCORE_HTTP_PORTS=8080;9464</c>), so a NetworkPolicy can open it to Prometheus alone. Unset:
    /// <c>/metrics</c> answers on every port the host listens on (the local stack).
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Telemetry:MetricsPort must be between 1 and 65535.")]
    public int? MetricsPort { get; set; }
}
