using System.Collections.Concurrent;
using Heimdall.Contracts;
using Heimdall.Testing;
using MassTransit;

namespace Heimdall.Api.Tests;

/// <summary>
/// Listens, on the stack's virtual host of the real RabbitMQ, to what is published on
/// <c>Heimdall.Contracts:AcquisitionRequested</c>, as the Acquirer's queue would receive it.
/// </summary>
public sealed class PublishedRequests : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentQueue<AcquisitionRequested> _received = new();

    private PublishedRequests(IBusControl bus) => _bus = bus;

    public IReadOnlyCollection<AcquisitionRequested> Received => _received;

    public static async Task<PublishedRequests> StartAsync(TestStack stack)
    {
        PublishedRequests? listener = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(stack.Endpoints.RabbitMq.Host, (ushort)stack.Endpoints.RabbitMq.Port, stack.VirtualHost, h =>
            {
                h.Username(stack.Endpoints.RabbitUser);
                h.Password(stack.Endpoints.RabbitPassword);
            });
            cfg.ReceiveEndpoint("api-tests-listener", e => e.Handler<AcquisitionRequested>(ctx =>
            {
                listener!._received.Enqueue(ctx.Message);
                return Task.CompletedTask;
            }));
        });
        listener = new PublishedRequests(bus);
        await bus.StartAsync();
        return listener;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
