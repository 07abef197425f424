namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// The receivers' channels that this Acquirer's own captures hold: at most a receiver's channel count
/// (<see cref="Heimdall.Receivers.IReceiverDriver.Channels"/>) at once. A capture over the count waits for one of them
/// to end until the latest instant it may still start, else is told which acquisitions hold them; so a receiver is never
/// asked for more channels than Heimdall may have, and a refusal that arrives while Heimdall holds another channel of the
/// same receiver is known to be Heimdall's own doing. One process only: several Acquirer replicas would need a
/// distributed lease (docs/design.md, Receiver channels).
/// </summary>
public sealed class ReceiverChannels(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<Guid>> _held = [];
    private readonly Dictionary<int, TaskCompletionSource> _released = [];

    /// <summary>
    /// A channel of <paramref name="receiverId"/> for <paramref name="acquisitionId"/> (dispose the lease to give it back),
    /// waiting for one until <paramref name="latest"/>; when none frees by then, a refused lease naming the holders.
    /// </summary>
    public async Task<ChannelLease> AcquireAsync(int receiverId, int channels, Guid acquisitionId, DateTimeOffset latest, CancellationToken cancellationToken)
    {
        var waited = clock.GetTimestamp();
        IReadOnlyList<Guid> holders = [];
        while (true)
        {
            Task released;
            lock (_gate)
            {
                var held = Held(receiverId);
                if (held.Count < channels)
                {
                    held.Add(acquisitionId);
                    return new ChannelLease(this, receiverId, acquisitionId, holders, clock.GetElapsedTime(waited));
                }

                holders = [.. held];
                if (clock.GetUtcNow() >= latest)
                {
                    return new ChannelLease(null, receiverId, acquisitionId, holders, clock.GetElapsedTime(waited));
                }

                if (!_released.TryGetValue(receiverId, out var signal))
                {
                    _released[receiverId] = signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                released = signal.Task;
            }

            var remaining = latest - clock.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                await Task.WhenAny(released, Task.Delay(remaining, clock, cancellationToken));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The acquisitions other than <paramref name="acquisitionId"/> that hold a channel of the receiver now.</summary>
    public IReadOnlyList<Guid> HeldByOthers(int receiverId, Guid acquisitionId)
    {
        lock (_gate)
        {
            return [.. Held(receiverId).Where(id => id != acquisitionId)];
        }
    }

    internal void Release(int receiverId, Guid acquisitionId)
    {
        lock (_gate)
        {
            Held(receiverId).Remove(acquisitionId);
            if (_released.Remove(receiverId, out var signal))
            {
                signal.TrySetResult();
            }
        }
    }

    private List<Guid> Held(int receiverId)
    {
        if (!_held.TryGetValue(receiverId, out var held))
        {
            _held[receiverId] = held = [];
        }

        return held;
    }
}

/// <summary>
/// A channel of a receiver, held until disposed; when <see cref="Granted"/> is false, none freed before the capture could
/// no longer start. <see cref="Holders"/>: the acquisitions that held every channel when it last had to wait (empty when it
/// did not wait); <see cref="Waited"/>: how long it waited.
/// </summary>
public sealed class ChannelLease(ReceiverChannels? owner, int receiverId, Guid acquisitionId, IReadOnlyList<Guid> holders, TimeSpan waited) : IDisposable
{
    private ReceiverChannels? _owner = owner;

    public bool Granted { get; } = owner is not null;
    public IReadOnlyList<Guid> Holders { get; } = holders;
    public TimeSpan Waited { get; } = waited;

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(receiverId, acquisitionId);
}
