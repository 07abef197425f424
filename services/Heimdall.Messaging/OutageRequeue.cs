using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Heimdall.Resilience;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Messaging;

/// <summary>
/// The one outage policy of every service. A dependency (each registered <see cref="Dependency"/>: PostgreSQL, S3, the
/// broker) stayed away beyond its in-process retry: hold the messages for Messaging:OutageRequeueDelaySeconds (so an
/// outage does not become a busy loop through the broker), then put them back at the tail of their queue. The consumers
/// that use it are idempotent, so consuming the messages again later is safe; nothing goes to <c>_error</c>. Work that
/// cannot go back to the broker, because what it holds cannot be had again (samples already captured), waits in
/// process instead (<see cref="WaitOutAsync"/>). When the dependency that went away is the broker itself, nothing can
/// be put back: the message is left unacknowledged, and the broker delivers it again (<see cref="OutageErrorFilter"/>).
/// </summary>
public sealed partial class OutageRequeue : IDisposable
{
    public const string MeterName = "Heimdall.Messaging";
    private readonly Meter _meter = new(MeterName);

    /// <summary>Requeued messages by queue and dependency (see <see cref="ExportAtZero"/>).</summary>
    private readonly ConcurrentDictionary<(string Queue, string Dependency), long> _requeued = new();
    private readonly Counter<long> _held;
    private readonly Counter<long> _redelivered;
    private readonly Dependency[] _dependencies;
    private readonly double _delaySeconds;
    private readonly ILogger<OutageRequeue> _logger;

    public OutageRequeue(IEnumerable<Dependency> dependencies, IOptions<MessagingOptions> options, ILogger<OutageRequeue> logger)
    {
        _dependencies = [.. dependencies];
        _delaySeconds = options.Value.OutageRequeueDelaySeconds;
        _logger = logger;
        _held = _meter.CreateCounter<long>("heimdall.outages.waits", "{wait}", "Waits in process for an unavailable dependency (work that could not go back to its queue), by dependency.");
        _redelivered = _meter.CreateCounter<long>("heimdall.messages.redelivered", "{message}", "Messages handed back to the broker unacknowledged, for it to deliver again, because a dependency was unavailable (the broker itself, mostly), by queue and dependency.");
        // Observed, not counted: a series exported at 0 exists whenever this object was made relative to the exporter.
        _meter.CreateObservableCounter("heimdall.messages.requeued",
            () => _requeued.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("queue", r.Key.Queue), new KeyValuePair<string, object?>("dependency", r.Key.Dependency))),
            "{message}", "Messages put back on their queue because a dependency stayed away, by queue and dependency.");
    }

    /// <summary>
    /// Exports the requeue count of <paramref name="queue"/> at 0 for every dependency whose outage puts its messages back
    /// (all but the broker), when the endpoint is configured: the first requeue after a start is then an increase that
    /// an alert sees (a series that first appears at 1 is not).
    /// </summary>
    public void ExportAtZero(string queue)
    {
        foreach (var dependency in _dependencies.Where(d => d != BrokerFaults.Dependency))
        {
            _requeued.TryAdd((queue, dependency.Name), 0);
        }
    }

    /// <summary>The exception means a dependency of this service is unavailable (not that the message is wrong).</summary>
    public bool IsOutage(Exception exception) => Unavailable(exception) is not null;

    public async Task RequeueAsync<T>(ConsumeContext context, IReadOnlyCollection<ConsumeContext<T>> messages, Exception reason)
        where T : class
    {
        var queueName = QueueOf(context.ReceiveContext);
        var unavailable = Unavailable(reason);
        if (unavailable == BrokerFaults.Dependency)
        {
            // Putting them back needs the broker: they stay unacknowledged, and the broker delivers them again.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(reason);
        }

        var dependency = unavailable?.Name ?? "a dependency";
        LogRequeued(_logger, dependency, messages.Count, typeof(T).Name, queueName, _delaySeconds, reason.Message);
        await Task.Delay(TimeSpan.FromSeconds(_delaySeconds), context.CancellationToken);
        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
        foreach (var message in messages)
        {
            await message.Forward(queue);
        }

        _requeued.AddOrUpdate((queueName, dependency), messages.Count, (_, count) => count + messages.Count);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, and while it fails because a dependency is unavailable runs it again (1, 2, 4 … 15 s
    /// apart), up to <paramref name="hold"/> in all; then the last fault surfaces. For work whose inputs would be lost
    /// with the message, such as the samples of a capture that has been taken. <paramref name="what"/> names it in the log.
    /// </summary>
    public async Task WaitOutAsync(string what, TimeSpan hold, Func<Task> work, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work();
                if (attempt > 1)
                {
                    LogWaitedOut(_logger, what, (DateTimeOffset.UtcNow - started).TotalSeconds);
                }

                return;
            }
            catch (Exception ex) when (Unavailable(ex) is { } dependency && DateTimeOffset.UtcNow - started + delay < hold)
            {
                LogWaiting(_logger, what, dependency.Name, delay.TotalSeconds, ex.Message);
                _held.Add(1, new KeyValuePair<string, object?>("dependency", dependency.Name));
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 15));
            }
        }
    }

    /// <summary>
    /// Before a message whose consumer failed on an outage goes back to the broker unacknowledged: counted, logged, and
    /// held for Messaging:OutageRequeueDelaySeconds unless the broker is the one away (its channel is gone already).
    /// </summary>
    public async Task HoldRedeliveryAsync(ExceptionReceiveContext context)
    {
        var dependency = Unavailable(context.Exception) ?? BrokerFaults.Dependency;
        var queueName = QueueOf(context);
        var delay = dependency == BrokerFaults.Dependency ? 0 : _delaySeconds;
        LogRedelivered(_logger, dependency.Name, queueName, delay, context.Exception.Message);
        _redelivered.Add(1, new KeyValuePair<string, object?>("queue", queueName), new KeyValuePair<string, object?>("dependency", dependency.Name));
        if (delay > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(delay), context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the message goes back to the broker at once.
            }
        }
    }

    private static string QueueOf(ReceiveContext context) => context.InputAddress.AbsolutePath.Split('/')[^1];

    private Dependency? Unavailable(Exception exception) => _dependencies.FirstOrDefault(d => d.IsUnavailable(exception));

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "{Dependency} unavailable after retries; {Count} {MessageType} go back on {Queue} in {DelaySeconds} s: {Reason}")]
    private static partial void LogRequeued(ILogger logger, string dependency, int count, string messageType, string queue, double delaySeconds, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "{Dependency} unavailable; a message of {Queue} goes back to the broker unacknowledged (in {DelaySeconds} s), to be delivered again: {Reason}")]
    private static partial void LogRedelivered(ILogger logger, string dependency, string queue, double delaySeconds, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Holding {What} while {Dependency} is unavailable, next try in {DelaySeconds} s: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string what, string dependency, double delaySeconds, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "{What} went through after waiting {Seconds:F1} s")]
    private static partial void LogWaitedOut(ILogger logger, string what, double seconds);
}
