using Heimdall.Data;
using Heimdall.Locator.Consumers;
using Heimdall.Messaging;
using Heimdall.ServiceDefaults;
using Heimdall.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Heimdall.Locator;

public static class LocatorRegistration
{
    /// <summary>The service: its components and its consumer on the RabbitMQ bus.</summary>
    public static IHostApplicationBuilder AddLocator(this IHostApplicationBuilder builder) =>
        builder.AddLocatorComponents().AddHeimdallBus(AddConsumers);

    /// <summary>Everything but the bus (tests put the consumer on the MassTransit test harness instead).</summary>
    public static IHostApplicationBuilder AddLocatorComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LocatorServiceOptions>(LocatorServiceOptions.Section);
        builder.AddHeimdallData();
        builder.AddHeimdallObjectStore();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LocatorTelemetry>();
        builder.Services.AddSingleton<RecordingReader>();
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<AcquisitionLocationConsumer, AcquisitionLocationConsumerDefinition>();
}
