using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Heimdall.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Logging, OpenTelemetry (logs; traces and metrics of MassTransit, Npgsql, ASP.NET Core, HttpClient, the runtime and
    /// Heimdall.*, by source name, so this project references none of them; metrics for Prometheus at <c>/metrics</c> and,
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, everything over OTLP), the liveness check and the readiness gauges.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource([.. TelemetrySources.ActivitySources])
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter([.. TelemetrySources.Meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddView(MetricNaming.View)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: [HealthTags.Live]);
        builder.Services.AddSingleton<HealthMetrics>();
        builder.Services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<HealthMetrics>());
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Predicate = IsReadinessCheck;
            o.Delay = TimeSpan.FromSeconds(2);
            o.Period = HealthMetrics.Period;
        });
        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process runs. <c>/health/ready</c>: bus, database and object store answer (Degraded is 503).
    /// <c>/metrics</c>: Prometheus text format, on every port or only on <c>Telemetry:MetricsPort</c>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", Options(check => check.Tags.Contains(HealthTags.Live)));
        app.MapHealthChecks("/health/ready", Options(IsReadinessCheck));
        var metricsPort = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPort;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics" && (metricsPort is not { } port || context.Connection.LocalPort == port));
        return app;
    }

    private static bool IsReadinessCheck(HealthCheckRegistration check) => !check.Tags.Contains(HealthTags.Live);

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteJson,
    };

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
