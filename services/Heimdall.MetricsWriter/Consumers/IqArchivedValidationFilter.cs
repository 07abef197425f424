using Heimdall.Contracts;
using Heimdall.Messaging;
using MassTransit;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// In front of each <see cref="IqArchived"/> before it joins a batch: one that cannot be stored
/// (<see cref="IqArchivedValidation"/>) is refused on its own, as a consumer refuses invalid input: its
/// <see cref="Fault{T}"/> is published (MassTransit's <c>NotifyFaulted</c>, which a consumer's exception would
/// trigger) and the <see cref="InvalidMessageException"/> is thrown, so MassTransit moves it to <c>iq-archived_error</c>
/// with the reason in its <c>MT-Fault-Message</c> header, while the rest of the batch is stored.
/// </summary>
public sealed class IqArchivedValidationFilter : IFilter<ConsumeContext<IqArchived>>
{
    public async Task Send(ConsumeContext<IqArchived> context, IPipe<ConsumeContext<IqArchived>> next)
    {
        if (IqArchivedValidation.Problem(context.Message) is { } problem)
        {
            var refused = new InvalidMessageException(problem);
            await context.NotifyFaulted(TimeSpan.Zero, nameof(IqArchivedValidationFilter), refused);
            throw refused;
        }

        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("iq-archived-validation");
}
