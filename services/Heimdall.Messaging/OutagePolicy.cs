using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Heimdall.Resilience;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Messaging;

/// <summary>
/// The one outage policy of every service: what an unavailable dependency (each registered <see cref="Dependency"/>:
/// PostgreSQL, S3, the broker) does to a message, after that dependency's own in-process retry has given up. Every
/// endpoint gets it by registration (<see cref="BusRegistration.ConfigureEndpointDefaults"/>), so no consumer catches an
/// outage itself:
/// <list type="bullet">
/// <item>PostgreSQL or S3 away: <see cref="OutageFilter{T}"/> holds the message Messaging:OutageRequeueDelaySeconds (so an
/// outage does not become a busy loop through the broker), then puts it back at the tail of its queue
/// (<see cref="PutBackAsync{T}"/>). Consumers are idempotent, so consuming it again later is safe.</item>
/// <item>The broker away: nothing can be put back; <see cref="BrokerOutageFilter"/> leaves the message unacknowledged,
/// and the broker delivers it again (<see cref="CountRedelivery"/>).</item>
/// <item>Work that cannot go back to the broker, because what it holds cannot be had again (samples already
/// captured), waits in process instead (<see cref="WaitOutAsync"/>).</item>
/// </list>
/// Nothing goes to <c>_error</c> for an outage.
/// </summary>
public sealed partial class OutagePolicy : IDisposable
{
    public const string MeterName = "Heimdall.Messaging";
    private readonly Meter _meter = new(MeterName);

    /// <summary>Requeued messages by queue and dependency (see <see cref="ExportAtZero"/>).</summary>
    private readonly ConcurrentDictionary<(string Queue, string Dependency), long> _requeued = new();
    private readonly Counter<long> _held;
    private readonly Counter<long> _redelivered;
    private readonly Dependency[] _dependencies;
    private readonly TimeSpan _hold;
    private readonly ILogger<OutagePolicy> _logger;

    public OutagePolicy(IEnumerable<Dependency> dependencies, IOptions<MessagingOptions> options, ILogger<OutagePolicy> logger)
    {
        _dependencies = [.. dependencies];
        _hold = TimeSpan.FromSeconds(options.Value.OutageRequeueDelaySeconds);
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

    /// <summary>The dependency the exception says is unavailable; null when it is not an outage.</summary>
    public Dependency? Unavailable(Exception exception) => _dependencies.FirstOrDefault(d => d.IsUnavailable(exception));

    /// <summary>
    /// Holds the message Messaging:OutageRequeueDelaySeconds, then sends it back to the tail of its own queue; the caller
    /// then marks this delivery consumed, so that it is acknowledged. The message stays unacknowledged while it is held, so a crash meanwhile loses
    /// nothing. Stopping cancels the hold, and the message goes back to the broker at once.
    /// </summary>
    public async Task PutBackAsync<T>(ConsumeContext<T> context, Dependency dependency, Exception reason)
        where T : class
    {
        var queue = QueueOf(context.ReceiveContext);
        LogRequeued(_logger, dependency.Name, typeof(T).Name, queue, _hold.TotalSeconds, reason.Message);
        await Task.Delay(_hold, context.CancellationToken);
        await context.Forward(await context.GetSendEndpoint(context.ReceiveContext.InputAddress));
        _requeued.AddOrUpdate((queue, dependency.Name), 1, (_, count) => count + 1);
    }

    /// <summary>A message goes back to the broker unacknowledged because a dependency (the broker, mostly) is away: counted and logged.</summary>
    public void CountRedelivery(ReceiveContext context, Exception reason)
    {
        var dependency = Unavailable(reason) ?? BrokerFaults.Dependency;
        var queue = QueueOf(context);
        LogRedelivered(_logger, dependency.Name, queue, reason.Message);
        _redelivered.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("dependency", dependency.Name));
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

    private static string QueueOf(ReceiveContext context) => context.InputAddress.AbsolutePath.Split('/')[^1];

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "{Dependency} unavailable after retries; a {MessageType} goes back on {Queue} in {DelaySeconds} s: {Reason}")]
    private static partial void LogRequeued(ILogger logger, string dependency, string messageType, string queue, double delaySeconds, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "{Dependency} unavailable; a message of {Queue} goes back to the broker unacknowledged, to be delivered again: {Reason}")]
    private static partial void LogRedelivered(ILogger logger, string dependency, string queue, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Holding {What} while {Dependency} is unavailable, next try in {DelaySeconds} s: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string what, string dependency, double delaySeconds, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "{What} went through after waiting {Seconds:F1} s")]
    private static partial void LogWaitedOut(ILogger logger, string what, double seconds);
}
