using Heimdall.Acquirer.Consumers;
using Heimdall.Acquirer.Receivers;
using Heimdall.Acquirer.Requests;
using Heimdall.Acquirer.Simulation;
using Heimdall.ServiceDefaults.Messaging;
using Heimdall.ServiceDefaults.Options;
using Heimdall.ServiceDefaults.Persistence;
using Heimdall.ServiceDefaults.Storage;
using MassTransit;

namespace Heimdall.Acquirer;

public static class AcquirerRegistration
{
    public static IHostApplicationBuilder AddAcquirer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AcquirerOptions>(AcquirerOptions.Section);
        builder.Services.AddValidatedOptions<SimulationOptions>(SimulationOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHeimdallDatabase();
        builder.AddHeimdallObjectStore();
        builder.Services.AddSingleton<ReceiverDirectory>();
        builder.Services.AddSingleton<AcquisitionClaims>();
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddSingleton<IReceiverDriver, SimulatedReceiverDriver>();
        builder.Services.AddSingleton<ReceiverDrivers>();
        builder.Services.AddSingleton<CaptureCoordinator>();
        builder.Services.AddSingleton<AcquirerTelemetry>();
        builder.AddHeimdallBus(bus => bus.AddConsumer<AcquisitionRequestedConsumer, AcquisitionRequestedConsumerDefinition>());
        return builder;
    }
}
