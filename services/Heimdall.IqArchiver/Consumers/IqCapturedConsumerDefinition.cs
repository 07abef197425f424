using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>Queue <c>iq-captured</c>.</summary>
public sealed class IqCapturedConsumerDefinition : ConsumerDefinition<IqCapturedConsumer>
{
    private readonly int _concurrency;

    public IqCapturedConsumerDefinition(IOptions<IqArchiverOptions> options)
    {
        _concurrency = options.Value.ConcurrentMessageLimit;
        EndpointName = "iq-captured";
        ConcurrentMessageLimit = _concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IqCapturedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _concurrency * 2;
        endpointConfigurator.ConcurrentMessageLimit = _concurrency;
    }
}
