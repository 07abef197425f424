using Heimdall.IqArchiver.Consumers;
using Heimdall.IqArchiver.SigMf;
using Heimdall.Messaging;
using Heimdall.ServiceDefaults;
using Heimdall.Storage;
using MassTransit;

namespace Heimdall.IqArchiver;

public static class IqArchiverRegistration
{
    /// <summary>The service: its components and its consumers on the RabbitMQ bus.</summary>
    public static IHostApplicationBuilder AddIqArchiver(this IHostApplicationBuilder builder) =>
        builder.AddIqArchiverComponents().AddHeimdallBus(AddConsumers);

    /// <summary>Everything but the bus (tests put the consumers on the MassTransit test harness instead).</summary>
    public static IHostApplicationBuilder AddIqArchiverComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IqArchiverOptions>(IqArchiverOptions.Section);
        builder.AddHeimdallObjectStore();
        builder.Services.AddSingleton<IqArchiverTelemetry>();
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddSingleton<MetaHashes>();
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<IqCapturedConsumer, IqCapturedConsumerDefinition>();
        bus.AddConsumer<AcquisitionCollectionConsumer, AcquisitionCollectionConsumerDefinition>();
    }
}
