using Heimdall.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>
/// Queue <c>iq-captured</c>. Captures of the same receiver of an acquisition are archived one after the other (a
/// partition per acquisition and receiver), so that two different captures of it never write its objects at once.
/// </summary>
public sealed class IqCapturedConsumerDefinition(IOptions<IqArchiverOptions> options)
    : BoundedConsumerDefinition<IqCapturedConsumer>("iq-captured",
        options.Value.ConcurrentMessageLimit, prefetch: options.Value.ConcurrentMessageLimit * 2)
{
    private readonly int _partitions = options.Value.ConcurrentMessageLimit;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IqCapturedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        consumerConfigurator.Message<Heimdall.Contracts.IqCaptured>(m =>
            m.UsePartitioner(_partitions, c => $"{c.Message.AcquisitionId:N}/{c.Message.ReceiverId}"));
    }
}
