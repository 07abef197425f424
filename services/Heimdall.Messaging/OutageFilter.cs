using MassTransit;
using MassTransit.Context;

namespace Heimdall.Messaging;

/// <summary>
/// In front of every message an endpoint consumes (each message of a batch on its own, before it joins the batch): when
/// the consumer fails because PostgreSQL or S3 stayed away beyond its own retry, the message is held and put back at the
/// tail of its queue (<see cref="OutagePolicy.PutBackAsync{T}"/>), then acknowledged: it waits out the outage in the
/// broker. The broker's own outage passes on to <see cref="BrokerOutageFilter"/> (a message cannot be put back while the
/// broker is away). Any other fault passes on unchanged: MassTransit's retry has already run, inside this filter.
/// An outage is not the message's fault, so no <see cref="Fault{T}"/> is published for it.
/// </summary>
public sealed class OutageFilter<T>(OutagePolicy outages) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        try
        {
            await next.Send(new OutageAwareContext(context, outages));
        }
        catch (Exception ex) when (outages.Unavailable(ex) is { } dependency && dependency != BrokerFaults.Dependency)
        {
            await outages.PutBackAsync(context, dependency, ex);

            // Its copy is on the queue: this delivery is done with, and is acknowledged (not dead-lettered to _skipped).
            await context.NotifyConsumed(context.ReceiveContext.ElapsedTime, "outage-requeue");
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("heimdall-outage-requeue");

    /// <summary>
    /// The consume context as the consumer sees it, except that a consumer failing on an outage is not reported as
    /// faulted: MassTransit would publish a <see cref="Fault{T}"/> for it at once (its retry lets outages through).
    /// </summary>
    private sealed class OutageAwareContext(ConsumeContext<T> context, OutagePolicy outages) : ConsumeContextProxy<T>(context)
    {
        public override Task NotifyFaulted<TMessage>(ConsumeContext<TMessage> context, TimeSpan duration, string consumerType, Exception exception) =>
            outages.IsOutage(exception) ? Task.CompletedTask : base.NotifyFaulted(context, duration, consumerType, exception);
    }
}
