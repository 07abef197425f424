using Heimdall.Acquirer.Consumers;
using Heimdall.Acquirer.Receivers;
using Heimdall.Acquirer.Simulation;
using Heimdall.Data;
using Heimdall.Data.Acquisitions;
using Heimdall.Messaging;
using Heimdall.ServiceDefaults;
using Heimdall.Storage;
using MassTransit;

namespace Heimdall.Acquirer;

public static class AcquirerRegistration
{
    /// <summary>The service: its components and its consumers on the RabbitMQ bus.</summary>
    public static IHostApplicationBuilder AddAcquirer(this IHostApplicationBuilder builder) =>
        builder.AddAcquirerComponents().AddHeimdallBus(AddConsumers);

    /// <summary>Everything but the bus (tests put the consumers on the MassTransit test harness instead).</summary>
    public static IHostApplicationBuilder AddAcquirerComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AcquirerOptions>(AcquirerOptions.Section);
        builder.Services.AddValidatedOptions<AcquisitionRules>(AcquisitionRules.Section);
        builder.Services.AddValidatedOptions<SimulationOptions>(SimulationOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHeimdallData();
        builder.AddHeimdallObjectStore();
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddSingleton<IReceiverDriver, SimulatedReceiverDriver>();
        builder.Services.AddSingleton<ReceiverDrivers>();
        builder.Services.AddSingleton<CaptureCoordinator>();
        builder.Services.AddSingleton<AcquirerTelemetry>();
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AcquisitionRequestedConsumer, AcquisitionRequestedConsumerDefinition>();
    }
}
