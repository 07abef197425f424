using MassTransit;
using MassTransit.Configuration;

namespace Heimdall.Messaging;

public static class OutageFilterConfiguration
{
    /// <summary>
    /// Puts an <see cref="OutageFilter{T}"/> in front of every message type the endpoint consumes, the way MassTransit's
    /// own <c>UseMessageRetry</c> reaches them: for a batch consumer, in front of each message before it joins a batch,
    /// so that each message of a batch that failed on an outage goes back to its queue on its own.
    /// </summary>
    public static void UseOutageFilter(this IConsumePipeConfigurator endpoint, OutagePolicy outages) =>
        _ = new Observer(endpoint, outages);

    private sealed class Observer : ConfigurationObserver, IMessageConfigurationObserver
    {
        private readonly IConsumePipeConfigurator _endpoint;
        private readonly OutagePolicy _outages;

        public Observer(IConsumePipeConfigurator endpoint, OutagePolicy outages)
            : base(endpoint)
        {
            _endpoint = endpoint;
            _outages = outages;
            Connect(this);
        }

        public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator)
            where TMessage : class =>
            configurator.UseFilter(new OutageFilter<TMessage>(_outages));

        public override void BatchConsumerConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, Batch<TMessage>> configurator) =>
            _endpoint.UseFilter(new OutageFilter<TMessage>(_outages));
    }
}
