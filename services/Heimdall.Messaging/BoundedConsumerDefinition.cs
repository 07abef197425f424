using MassTransit;

namespace Heimdall.Messaging;

/// <summary>
/// A consumer definition that pins its queue name (dashboards and KEDA use it) and sets concurrency and prefetch
/// explicitly: MassTransit's default on two cores would starve the consumers.
/// </summary>
public abstract class BoundedConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly int _concurrency;
    private readonly int _prefetch;

    protected BoundedConsumerDefinition(string endpointName, int concurrency, int prefetch)
    {
        EndpointName = endpointName;
        ConcurrentMessageLimit = concurrency;
        _concurrency = concurrency;
        _prefetch = prefetch;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _prefetch;
        endpointConfigurator.ConcurrentMessageLimit = _concurrency;
    }
}
