using MassTransit;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>Queue <c>acquisition-collection</c>.</summary>
public sealed class AcquisitionCollectionConsumerDefinition : ConsumerDefinition<AcquisitionCollectionConsumer>
{
    public AcquisitionCollectionConsumerDefinition()
    {
        EndpointName = "acquisition-collection";
        ConcurrentMessageLimit = 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AcquisitionCollectionConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 4;
        endpointConfigurator.ConcurrentMessageLimit = 2;
    }
}
