using Heimdall.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// Queue <c>iq-archived</c>: batches of up to BatchMessageLimit, BatchConcurrency at once; prefetch covers them all. Each
/// message is checked before it joins a batch (<see cref="IqArchivedValidationFilter"/>).
/// </summary>
public sealed class IqArchivedBatchConsumerDefinition(IOptions<MetricsWriterOptions> options)
    : BoundedConsumerDefinition<IqArchivedBatchConsumer>("iq-archived",
        options.Value.BatchMessageLimit * options.Value.BatchConcurrency, prefetch: options.Value.BatchMessageLimit * options.Value.BatchConcurrency)
{
    private readonly MetricsWriterOptions _options = options.Value;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IqArchivedBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        endpointConfigurator.UseFilter(new IqArchivedValidationFilter());
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.BatchMessageLimit)
            .SetTimeLimit(TimeSpan.FromMilliseconds(_options.BatchTimeLimitMs))
            .SetConcurrencyLimit(_options.BatchConcurrency));
    }
}
