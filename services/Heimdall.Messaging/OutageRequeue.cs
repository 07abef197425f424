using System.Diagnostics.Metrics;
using Heimdall.Resilience;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Messaging;

/// <summary>
/// A dependency (each registered <see cref="Dependency"/>) stayed away beyond its in-process retry: hold the messages for
/// Messaging:OutageRequeueDelaySeconds (so an outage does not become a busy loop through the broker), then put them back
/// at the tail of their queue. The consumers that use it are idempotent, so consuming the messages again later is safe;
/// nothing goes to <c>_error</c>.
/// </summary>
public sealed partial class OutageRequeue : IDisposable
{
    public const string MeterName = "Heimdall.Messaging";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requeued;
    private readonly Dependency[] _dependencies;
    private readonly double _delaySeconds;
    private readonly ILogger<OutageRequeue> _logger;

    public OutageRequeue(IEnumerable<Dependency> dependencies, IOptions<MessagingOptions> options, ILogger<OutageRequeue> logger)
    {
        _dependencies = [.. dependencies];
        _delaySeconds = options.Value.OutageRequeueDelaySeconds;
        _logger = logger;
        _requeued = _meter.CreateCounter<long>("heimdall.messages.requeued", "{message}", "Messages put back on their queue because a dependency stayed away, by queue and dependency.");
    }

    /// <summary>The exception means a dependency of this service is unavailable (not that the message is wrong).</summary>
    public bool IsOutage(Exception exception) => Unavailable(exception) is not null;

    public async Task RequeueAsync<T>(ConsumeContext context, IReadOnlyCollection<ConsumeContext<T>> messages, Exception reason)
        where T : class
    {
        var queueName = context.ReceiveContext.InputAddress.AbsolutePath.Split('/')[^1];
        var dependency = Unavailable(reason)?.Name ?? "a dependency";
        LogRequeued(_logger, dependency, messages.Count, typeof(T).Name, queueName, _delaySeconds, reason.Message);
        await Task.Delay(TimeSpan.FromSeconds(_delaySeconds), context.CancellationToken);
        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
        foreach (var message in messages)
        {
            await message.Forward(queue);
        }

        _requeued.Add(messages.Count, new KeyValuePair<string, object?>("queue", queueName), new KeyValuePair<string, object?>("dependency", dependency));
    }

    private Dependency? Unavailable(Exception exception) => _dependencies.FirstOrDefault(d => d.IsUnavailable(exception));

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "{Dependency} unavailable after retries; {Count} {MessageType} go back on {Queue} in {DelaySeconds} s: {Reason}")]
    private static partial void LogRequeued(ILogger logger, string dependency, int count, string messageType, string queue, double delaySeconds, string reason);
}
