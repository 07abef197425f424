using Heimdall.IqArchiver.Consumers;
using Heimdall.ServiceDefaults.Messaging;
using Heimdall.ServiceDefaults.Options;
using Heimdall.ServiceDefaults.Storage;
using MassTransit;

namespace Heimdall.IqArchiver;

public static class IqArchiverRegistration
{
    public static IHostApplicationBuilder AddIqArchiver(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IqArchiverOptions>(IqArchiverOptions.Section);
        builder.AddHeimdallObjectStore();
        builder.Services.AddSingleton<IqArchiverTelemetry>();
        builder.AddHeimdallBus(bus =>
        {
            bus.AddConsumer<IqCapturedConsumer, IqCapturedConsumerDefinition>();
            bus.AddConsumer<AcquisitionCollectionConsumer, AcquisitionCollectionConsumerDefinition>();
        });
        return builder;
    }
}
