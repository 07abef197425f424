using Heimdall.Acquirer.Consumers;
using Heimdall.Acquirer.Health;
using Heimdall.Acquirer.Requests;
using Heimdall.Data;
using Heimdall.Domain.Acquisitions;
using Heimdall.Messaging;
using Heimdall.Receivers;
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
        // IQ of ClaimCheckThresholdBytes or more travels as a claim check (MassTransit writes it to the object store as the
        // message is sent); below it, inline.
        builder.Services.AddValidatedOptions<AcquirerOptions>(AcquirerOptions.Section)
            .PostConfigure(o => MessageDataDefaults.Threshold = o.ClaimCheckThresholdBytes);
        builder.Services.AddValidatedOptions<AcquisitionRules>(AcquisitionRules.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHeimdallData();
        builder.AddHeimdallObjectStore();
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddSingleton<ReplayResolver>();
        builder.AddReceiverDrivers();
        builder.Services.AddSingleton<ReceiverChannels>();
        builder.Services.AddSingleton<CaptureCoordinator>();
        builder.Services.AddSingleton<CaptureReporter>();
        builder.Services.AddSingleton<AcquirerTelemetry>();
        builder.Services.AddHostedService<ScheduledCaptureDispatcher>();
        builder.Services.AddValidatedOptions<ReceiverHealthOptions>(ReceiverHealthOptions.Section);
        builder.Services.AddSingleton<ReceiverHealthProber>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReceiverHealthProber>());
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AcquisitionRequestedConsumer, AcquisitionRequestedConsumerDefinition>();
    }
}
