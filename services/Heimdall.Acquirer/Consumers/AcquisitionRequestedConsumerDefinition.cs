using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.Acquirer.Consumers;

/// <summary>Queue <c>acquisition-requested</c>, bound to the <c>Heimdall.Contracts:AcquisitionRequested</c> exchange.</summary>
public sealed class AcquisitionRequestedConsumerDefinition : ConsumerDefinition<AcquisitionRequestedConsumer>
{
    private readonly int _concurrency;

    public AcquisitionRequestedConsumerDefinition(IOptions<AcquirerOptions> options)
    {
        _concurrency = options.Value.ConcurrentAcquisitions;
        EndpointName = "acquisition-requested";
        ConcurrentMessageLimit = _concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AcquisitionRequestedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _concurrency;
        endpointConfigurator.ConcurrentMessageLimit = _concurrency;
    }
}
