using System.Runtime.ExceptionServices;
using MassTransit;

namespace Heimdall.Messaging;

/// <summary>
/// The first filter of every endpoint's error pipe, ahead of MassTransit's own (<see cref="Fault{T}"/>, then
/// <c>_error</c>): a fault that means a dependency is unavailable is not the message's fault. It is the broker itself,
/// mostly (a consumer's publication, or <see cref="OutageFilter{T}"/> putting a message back, failed because RabbitMQ is
/// away); the message cannot be sent anywhere then, so the fault is thrown on, which hands it back to the broker
/// unacknowledged (negatively acknowledged, or left to the broker when the channel is gone): it is delivered again once
/// the broker is back. Without this filter MassTransit would move it to <c>_error</c> as soon as the broker answered
/// again. Every other fault goes on to MassTransit's error transport.
/// </summary>
public sealed class BrokerOutageFilter(OutagePolicy outages) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (!outages.IsOutage(context.Exception))
        {
            await next.Send(context);
            return;
        }

        outages.CountRedelivery(context, context.Exception);
        ExceptionDispatchInfo.Throw(context.Exception);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("heimdall-outage-redelivery");
}
