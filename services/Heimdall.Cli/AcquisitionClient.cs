using System.Collections.Concurrent;
using Heimdall.Contracts;
using Heimdall.Messaging;
using MassTransit;

namespace Heimdall.Cli;

/// <summary>
/// Publishes <see cref="AcquisitionRequested"/> (MassTransit envelope) and follows each acquisition on a temporary,
/// auto-deleted queue bound to the event exchanges: every receiver's <see cref="IqArchived"/> or
/// <see cref="ReceiverCaptureFailed"/>, then its <see cref="AcquisitionCompleted"/> or <see cref="AcquisitionRejected"/>,
/// and the Locator's <see cref="LocationEstimated"/>.
/// </summary>
public sealed class AcquisitionClient : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentDictionary<Guid, PendingAcquisition> _pending = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<LocationEstimated>> _locations = new();

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
                e.ConcurrentMessageLimit = 1; // in arrival order: each receiver's event before the completion it led to
                e.Handler<IqArchived>(ctx => Track(ctx.Message.AcquisitionId, p => p.Archived.Add(ctx.Message)));
                e.Handler<ReceiverCaptureFailed>(ctx => Track(ctx.Message.AcquisitionId, p => p.Failed.Add(ctx.Message)));
                e.Handler<AcquisitionCompleted>(ctx => Resolve(ctx.Message.AcquisitionId, p => p with { Completed = ctx.Message }));
                e.Handler<AcquisitionRejected>(ctx => Resolve(ctx.Message.AcquisitionId, p => p with { Rejected = ctx.Message }));
                e.Handler<LocationEstimated>(ctx =>
                {
                    if (_locations.TryGetValue(ctx.Message.AcquisitionId, out var location))
                    {
                        location.TrySetResult(ctx.Message);
                    }

                    return Task.CompletedTask;
                });
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
        var pending = _pending.GetOrAdd(request.AcquisitionId, _ => new PendingAcquisition());
        _locations.GetOrAdd(request.AcquisitionId, _ => new TaskCompletionSource<LocationEstimated>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _bus.Publish(request, cancellationToken);
        return pending.Outcome.Task;
    }

    /// <summary>The Locator's <see cref="LocationEstimated"/> of an acquisition published by this client (it follows the completion).</summary>
    public Task<LocationEstimated> LocationAsync(Guid acquisitionId) =>
        _locations.TryGetValue(acquisitionId, out var location) ? location.Task : Task.FromException<LocationEstimated>(new InvalidOperationException($"acquisition {acquisitionId} was not published here"));

    private Task Track(Guid acquisitionId, Action<AcquisitionOutcome> record)
    {
        if (_pending.TryGetValue(acquisitionId, out var pending))
        {
            lock (pending.Events)
            {
                record(pending.Events);
            }
        }

        return Task.CompletedTask;
    }

    private Task Resolve(Guid acquisitionId, Func<AcquisitionOutcome, AcquisitionOutcome> finish)
    {
        if (_pending.TryRemove(acquisitionId, out var pending))
        {
            lock (pending.Events)
            {
                pending.Outcome.TrySetResult(finish(pending.Events));
            }
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    private sealed class PendingAcquisition
    {
        public AcquisitionOutcome Events { get; } = new();
        public TaskCompletionSource<AcquisitionOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// Exactly one of <see cref="Completed"/> and <see cref="Rejected"/> is set; the receivers' events that arrived before the
/// completion (all of them: the MetricsWriter completes an acquisition only after storing each <see cref="IqArchived"/>).
/// </summary>
public sealed record AcquisitionOutcome
{
    public AcquisitionCompleted? Completed { get; init; }
    public AcquisitionRejected? Rejected { get; init; }
    public List<IqArchived> Archived { get; } = [];
    public List<ReceiverCaptureFailed> Failed { get; } = [];
}
