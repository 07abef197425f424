using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Queue <c>receiver-capture-failed</c>.</summary>
public sealed class ReceiverCaptureFailedConsumerDefinition : ConsumerDefinition<ReceiverCaptureFailedConsumer>
{
    private readonly int _concurrency;

    public ReceiverCaptureFailedConsumerDefinition(IOptions<MetricsWriterOptions> options)
    {
        _concurrency = options.Value.FailureConcurrency;
        EndpointName = "receiver-capture-failed";
        ConcurrentMessageLimit = _concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReceiverCaptureFailedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _concurrency * 2;
        endpointConfigurator.ConcurrentMessageLimit = _concurrency;
    }
}
