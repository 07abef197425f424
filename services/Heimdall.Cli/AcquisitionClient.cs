using System.Collections.Concurrent;
using Heimdall.Contracts;
using Heimdall.ServiceDefaults.Options;
using MassTransit;

namespace Heimdall.Cli;

/// <summary>
/// Publishes <see cref="AcquisitionRequested"/> (MassTransit envelope) and awaits each acquisition's outcome on a
/// temporary, auto-deleted queue bound to the outcome exchanges.
/// </summary>
public sealed class AcquisitionClient : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<AcquisitionOutcome>> _pending = new();

    private AcquisitionClient(RabbitMqOptions rabbit)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
            });
            cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("heimdall"), e =>
            {
                e.PrefetchCount = 64;
                e.Handler<AcquisitionCompleted>(ctx => Resolve(ctx.Message.AcquisitionId, new AcquisitionOutcome(ctx.Message, null)));
                e.Handler<AcquisitionRejected>(ctx => Resolve(ctx.Message.AcquisitionId, new AcquisitionOutcome(null, ctx.Message)));
            });
        });
    }

    public static async Task<AcquisitionClient> ConnectAsync(RabbitMqOptions rabbit, CancellationToken cancellationToken)
    {
        var client = new AcquisitionClient(rabbit);
        await client._bus.StartAsync(cancellationToken);
        return client;
    }

    /// <summary>Publishes the request and returns a task that ends with its outcome.</summary>
    public async Task<Task<AcquisitionOutcome>> PublishAsync(AcquisitionRequested request, CancellationToken cancellationToken)
    {
        var outcome = _pending.GetOrAdd(request.AcquisitionId, _ => new TaskCompletionSource<AcquisitionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _bus.Publish(request, cancellationToken);
        return outcome.Task;
    }

    private Task Resolve(Guid acquisitionId, AcquisitionOutcome outcome)
    {
        if (_pending.TryRemove(acquisitionId, out var waiter))
        {
            waiter.TrySetResult(outcome);
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}

/// <summary>Exactly one of the two is set.</summary>
public sealed record AcquisitionOutcome(AcquisitionCompleted? Completed, AcquisitionRejected? Rejected);
