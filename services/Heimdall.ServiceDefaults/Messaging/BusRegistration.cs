using System.Text.Json;
using Heimdall.ServiceDefaults.Options;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Heimdall.ServiceDefaults.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ from validated <c>RabbitMq</c> options: kebab-case endpoints, quorum queues, claim checks on
    /// the object store, raw JSON accepted beside the envelope, one short in-memory retry for transient faults (never for
    /// invalid input, never for faults a Polly pipeline already retried).
    /// </summary>
    public static IHostApplicationBuilder AddHeimdallBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> registerConsumers)
    {
        builder.Services.AddValidatedOptions<RabbitMqOptions>(RabbitMqOptions.Section);
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
                });
                ConfigureMessages(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Kebab-case endpoint names, quorum queues, and the retry policy, on every endpoint.</summary>
    public static void ConfigureEndpointDefaults(IBusRegistrationConfigurator bus)
    {
        bus.SetKebabCaseEndpointNameFormatter();
        bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.SetQuorumQueue();
            }

            endpoint.UseMessageRetry(r =>
            {
                r.Intervals(100, 500, 1500);
                r.Ignore<InvalidMessageException>();
                r.Ignore<JsonException>();
                r.Ignore<Polly.Timeout.TimeoutRejectedException>();
                r.Ignore<Npgsql.NpgsqlException>(); // retried by DatabaseRetry already
                r.Ignore<Minio.Exceptions.MinioException>(); // retried by ObjectStore already
            });
        });
    }

    /// <summary>Claim checks on the object store; raw JSON accepted beside the envelope; required members reported by the consumer.</summary>
    public static void ConfigureMessages(IBusRegistrationContext context, IBusFactoryConfigurator cfg)
    {
        cfg.UseMessageData(context.GetRequiredService<IMessageDataRepository>());
        // Upstream systems may publish plain JSON (content_type application/json, or none at all).
        cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
        cfg.ConfigureJsonSerializerOptions(LenientRequiredMembers.Apply);
    }
}
