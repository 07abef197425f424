using Heimdall.Data;
using Heimdall.Messaging;
using Heimdall.MetricsWriter.Lifecycle;
using Heimdall.MetricsWriter.Consumers;
using Heimdall.MetricsWriter.Maintenance;
using Heimdall.MetricsWriter.Migrations;
using Heimdall.Persistence.Migrations;
using Heimdall.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Heimdall.MetricsWriter;

public static class MetricsWriterRegistration
{
    /// <summary>The service: its components and its consumers on the RabbitMQ bus.</summary>
    public static IHostApplicationBuilder AddMetricsWriter(this IHostApplicationBuilder builder) =>
        builder.AddMetricsWriterComponents().AddHeimdallBus(AddConsumers);

    /// <summary>Everything but the bus (tests put the consumers on the MassTransit test harness instead).</summary>
    public static IHostApplicationBuilder AddMetricsWriterComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MetricsWriterOptions>(MetricsWriterOptions.Section);
        builder.AddHeimdallData();
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<MigrationHostedService>(); // before the bus: tables exist before consumers run
        builder.Services.AddSingleton<MetricsWriterTelemetry>();
        builder.Services.AddHostedService<MaintenanceService>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AcquisitionLifecycle>();
        builder.Services.AddSingleton<CompletionSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CompletionSweep>());
        builder.Services.AddSingleton<TimescaleJobMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TimescaleJobMonitor>());
        builder.Services.AddHealthChecks().AddCheck<TimescaleJobsHealthCheck>("timescaledb-jobs");
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<IqArchivedBatchConsumer, IqArchivedBatchConsumerDefinition>();
        bus.AddConsumer<ReceiverCaptureFailedConsumer, ReceiverCaptureFailedConsumerDefinition>();
        bus.AddConsumer<AcquisitionLifecycleConsumer, AcquisitionLifecycleConsumerDefinition>();
    }
}
