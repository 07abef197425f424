using System.Collections.Concurrent;
using System.Net.Http.Json;
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
            cfg.ReceiveEndpoint("api-tests-listener", e =>
            {
                // One at a time, in the queue's order: a request received means every one published before it was received first.
                e.PrefetchCount = 1;
                e.ConcurrentMessageLimit = 1;
                e.Handler<AcquisitionRequested>(ctx =>
                {
                    listener!._received.Enqueue(ctx.Message);
                    return Task.CompletedTask;
                });
            });
        });
        listener = new PublishedRequests(bus);
        await bus.StartAsync();
        return listener;
    }

    /// <summary>
    /// Posts a valid request with <paramref name="writer"/> and waits until it is received. The API publishes a request
    /// before it answers, and the listener takes them one at a time in order, so anything a request answered before this
    /// one had published is in <see cref="Received"/> now: what is not there was not published.
    /// </summary>
    public async Task AfterAValidRequestAsync(HttpClient writer)
    {
        var sentinel = Guid.NewGuid();
        using var response = await writer.PostAsJsonAsync("/api/acquisitions", new { acquisitionId = sentinel, frequencyHz = 145_500_000, durationSeconds = 1 });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted), "the sentinel request");
        await Eventually.True(() => _received.Any(r => r.AcquisitionId == sentinel), "the sentinel request on its exchange", TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
