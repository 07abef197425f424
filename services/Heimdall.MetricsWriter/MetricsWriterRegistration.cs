using Heimdall.MetricsWriter.Consumers;
using Heimdall.MetricsWriter.Migrations;
using Heimdall.ServiceDefaults.Persistence.Migrations;
using Heimdall.MetricsWriter.Storage;
using Heimdall.ServiceDefaults.Messaging;
using Heimdall.ServiceDefaults.Options;
using Heimdall.ServiceDefaults.Persistence;
using Heimdall.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        builder.AddHeimdallDatabase();
        builder.AddHeimdallObjectStore(); // claim-check repository of the bus
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<MigrationHostedService>(); // before the bus: tables exist before consumers run
        builder.Services.AddSingleton<MeasurementWriter>();
        builder.Services.AddSingleton<AcquisitionLedger>();
        builder.Services.AddSingleton<MetricsWriterTelemetry>();
        builder.Services.AddSingleton<CompletionPublisher>();
        builder.Services.AddHostedService<MaintenanceService>();
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<IqArchivedBatchConsumer, IqArchivedBatchConsumerDefinition>();
        bus.AddConsumer<ReceiverCaptureFailedConsumer, ReceiverCaptureFailedConsumerDefinition>();
    }
}
