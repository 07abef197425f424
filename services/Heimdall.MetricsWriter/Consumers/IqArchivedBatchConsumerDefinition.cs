using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Queue <c>iq-archived</c>: batches of up to BatchMessageLimit, BatchConcurrency at once; prefetch covers them all.</summary>
public sealed class IqArchivedBatchConsumerDefinition : ConsumerDefinition<IqArchivedBatchConsumer>
{
    private readonly MetricsWriterOptions _options;

    public IqArchivedBatchConsumerDefinition(IOptions<MetricsWriterOptions> options)
    {
        _options = options.Value;
        EndpointName = "iq-archived";
        ConcurrentMessageLimit = _options.BatchMessageLimit * _options.BatchConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IqArchivedBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.BatchMessageLimit * _options.BatchConcurrency;
        endpointConfigurator.ConcurrentMessageLimit = _options.BatchMessageLimit * _options.BatchConcurrency;
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.BatchMessageLimit)
            .SetTimeLimit(TimeSpan.FromMilliseconds(_options.BatchTimeLimitMs))
            .SetConcurrencyLimit(_options.BatchConcurrency));
    }
}
