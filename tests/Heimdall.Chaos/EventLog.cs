using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>
/// Durable observer queues on the outcome exchanges, drained every second (a broker restart loses none of them): every
/// AcquisitionCompleted, AcquisitionRejected and ReceiverCaptureFailed, with when it was sent (the envelope's
/// <c>sentTime</c>; when it was seen for a raw message). Draining pauses while the broker is being stopped, so that no
/// message taken off a queue is lost with the connection.
/// </summary>
public sealed class EventLog(RabbitMqManagement rabbit, string vhost) : IDisposable
{
    public const string Completed = "chaos-completed";
    public const string Rejected = "chaos-rejected";
    public const string CaptureFailed = "chaos-capture-failed";

    private static readonly (string Queue, string Exchange)[] Observed =
    [
        (Completed, "Heimdall.Contracts:AcquisitionCompleted"),
        (Rejected, "Heimdall.Contracts:AcquisitionRejected"),
        (CaptureFailed, "Heimdall.Contracts:ReceiverCaptureFailed"),
    ];

    private readonly List<(DateTime At, string Queue, JsonMessage Message)> _events = [];
    private readonly SemaphoreSlim _draining = new(1, 1);

    public static IEnumerable<string> Queues => Observed.Select(o => o.Queue);

    public async Task BindAsync()
    {
        foreach (var (queue, exchange) in Observed)
        {
            await rabbit.BindObserverAsync(vhost, queue, exchange);
        }
    }

    public IReadOnlyList<(DateTime At, JsonMessage Message)> Of(string queue)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.Queue == queue).Select(e => (e.At, e.Message))];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DrainAsync();
            try
            {
                await Task.Delay(1000, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits for a drain in progress to end and holds further ones until <see cref="Resume"/>.</summary>
    public Task PauseAsync() => _draining.WaitAsync();

    public void Resume() => _draining.Release();

    public async Task DrainAsync()
    {
        await _draining.WaitAsync();
        try
        {
            await DrainQueuesAsync();
        }
        finally
        {
            _draining.Release();
        }
    }

    private static DateTime? SentAt(JsonMessage message) => message.Envelope("sentTime") is { } sent
        ? DateTime.Parse(sent, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)
        : null;

    private async Task DrainQueuesAsync()
    {
        foreach (var (queue, _) in Observed)
        {
            try
            {
                IReadOnlyList<JsonMessage> taken;
                do
                {
                    taken = await rabbit.TakeAsync(vhost, queue, 500);
                    lock (_events)
                    {
                        _events.AddRange(taken.Select(m => (SentAt(m) ?? DateTime.UtcNow, queue, m)));
                    }
                }
                while (taken.Count == 500);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The broker is restarting: its messages wait in the durable queue.
            }
        }
    }

    public void Dispose() => _draining.Dispose();
}
