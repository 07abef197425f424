using System.Text.Json;
using Heimdall.Resilience;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Heimdall.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ from validated <c>RabbitMq</c> options: kebab-case endpoints, quorum queues, claim checks on
    /// the object store when the service registered one, raw JSON accepted beside the envelope, one short in-memory retry
    /// for the rest (see <see cref="ConfigureEndpointDefaults"/>).
    /// </summary>
    public static IHostApplicationBuilder AddHeimdallBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> registerConsumers)
    {
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(30); // shorter than the pod's 60 s termination grace period
        });

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            ConfigureEndpointDefaults(x);
            registerConsumers(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                    if (rabbit.UseSsl)
                    {
                        var ca = string.IsNullOrWhiteSpace(rabbit.CaCertificatePath) ? null : DependencyTls.LoadCa(rabbit.CaCertificatePath, "RabbitMq:CaCertificatePath");
                        h.UseSsl(ssl =>
                        {
                            ssl.Protocol = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                            ssl.ServerName = string.IsNullOrWhiteSpace(rabbit.SslServerName) ? rabbit.Host : rabbit.SslServerName;
                            ssl.CertificateValidationCallback = (_, certificate, _, errors) => DependencyTls.Accept(ca, certificate, errors);
                        });
                    }
                });
                ConfigureMessages(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Kebab-case endpoint names, quorum queues, and the failure policy of every endpoint, registered here once so that
    /// a consumer holds no failure handling of its own (the next consumer gets it by registration):
    /// <list type="number">
    /// <item>a dependency's brief unavailability is retried in process by that dependency's own
    /// <see cref="DependencyRetry"/> (PostgreSQL, S3), inside the consumer's calls;</item>
    /// <item>when it stays away, <see cref="OutageFilter{T}"/> holds the message and puts it back at the tail of its queue
    /// (<see cref="OutagePolicy"/>), and when the broker itself is away, <see cref="BrokerOutageFilter"/> leaves it
    /// unacknowledged for the broker to deliver again: no outage ever reaches <c>_error</c>;</item>
    /// <item>anything else transient gets MassTransit's short in-memory retry (100, 500, 1500 ms), which leaves alone
    /// invalid input and the outages above (their own layers have run);</item>
    /// <item>what is left (invalid input, <see cref="InvalidMessageException"/>) goes MassTransit's own way: a
    /// <see cref="Fault{T}"/> and the <c>_error</c> queue, the reason in the <c>MT-Fault-Message</c> header.</item>
    /// </list>
    /// </summary>
    public static void ConfigureEndpointDefaults(IBusRegistrationConfigurator bus)
    {
        bus.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        bus.AddSingleton(BrokerFaults.Dependency);
        bus.AddSingleton<OutagePolicy>();
        bus.SetKebabCaseEndpointNameFormatter();
        bus.AddConsumeObserver<ConsumeMetrics>();
        bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.SetQuorumQueue();
            }

            var outages = context.GetRequiredService<OutagePolicy>();
            outages.ExportAtZero(name);
            endpoint.UseOutageFilter(outages);
            endpoint.ConfigureError(e => e.UseFilter(new BrokerOutageFilter(outages)));
            endpoint.ConfigureDefaultErrorTransport();
            endpoint.UseMessageRetry(r =>
            {
                r.Intervals(100, 500, 1500);
                r.Ignore<InvalidMessageException>();
                r.Ignore<JsonException>();
                r.Ignore<Polly.Timeout.TimeoutRejectedException>();
                r.Ignore<Exception>(outages.IsOutage);
            });
        });
    }

    /// <summary>Claim checks on the object store (when registered); raw JSON accepted beside the envelope; required members reported by the consumer.</summary>
    public static void ConfigureMessages(IBusRegistrationContext context, IBusFactoryConfigurator cfg)
    {
        // Message data below MessageDataDefaults.Threshold (the producer sets it: Acquirer:ClaimCheckThresholdBytes) rides
        // inline and only inline: MassTransit's default would also store every small value in the repository.
        MessageDataDefaults.AlwaysWriteToRepository = false;
        if (context.GetService<IMessageDataRepository>() is { } claimChecks)
        {
            cfg.UseMessageData(claimChecks);
        }

        // Upstream systems may publish plain JSON (content_type application/json, or none at all).
        cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
        cfg.ConfigureJsonSerializerOptions(LenientRequiredMembers.Apply);
    }
}
