using System.Runtime.ExceptionServices;
using MassTransit;

namespace Heimdall.Messaging;

/// <summary>
/// The first filter of every endpoint's error pipe: a fault that means a dependency is unavailable (the broker itself
/// while a consumer published or put a message back, or an outage a consumer let through) is not the message's fault,
/// so the message never goes to <c>_error</c>. The fault is thrown on instead, which hands the message back to the
/// broker unacknowledged (negatively acknowledged, or left to the broker when the channel is gone): it is delivered
/// again once the dependency is back. Outages of PostgreSQL and S3 are held for Messaging:OutageRequeueDelaySeconds
/// first, so they do not become a busy loop through the broker. Every other fault goes on to MassTransit's error
/// transport as before.
/// </summary>
public sealed class OutageErrorFilter(OutageRequeue outages) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (!outages.IsOutage(context.Exception))
        {
            await next.Send(context);
            return;
        }

        await outages.HoldRedeliveryAsync(context);
        ExceptionDispatchInfo.Throw(context.Exception);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("heimdall-outage-redelivery");
}
