using System.Diagnostics.Metrics;
using Heimdall.ServiceDefaults.Options;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.ServiceDefaults.Messaging;

/// <summary>
/// The database stayed away beyond the bounded retry: hold the messages for Database:OutageRequeueDelaySeconds (so an
/// outage does not become a busy loop through the broker), then put them back at the tail of their queue. The
/// consumers that use it are idempotent, so consuming the messages again later is safe; nothing goes to <c>_error</c>.
/// </summary>
public sealed partial class OutageRequeue : IDisposable
{
    public const string MeterName = "Heimdall.Messaging";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requeued;
    private readonly double _delaySeconds;
    private readonly ILogger<OutageRequeue> _logger;

    public OutageRequeue(IOptions<DatabaseOptions> options, ILogger<OutageRequeue> logger)
    {
        _delaySeconds = options.Value.OutageRequeueDelaySeconds;
        _logger = logger;
        _requeued = _meter.CreateCounter<long>("heimdall.messages.requeued", "{message}", "Messages put back on their queue because the database stayed away, by queue.");
    }

    public async Task RequeueAsync<T>(ConsumeContext context, IReadOnlyCollection<ConsumeContext<T>> messages, Exception reason)
        where T : class
    {
        var queueName = context.ReceiveContext.InputAddress.AbsolutePath.Split('/')[^1];
        LogRequeued(_logger, messages.Count, typeof(T).Name, queueName, _delaySeconds, reason.Message);
        await Task.Delay(TimeSpan.FromSeconds(_delaySeconds), context.CancellationToken);
        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
        foreach (var message in messages)
        {
            await message.Forward(queue);
        }

        _requeued.Add(messages.Count, new KeyValuePair<string, object?>("queue", queueName));
    }

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Database unavailable after retries; {Count} {MessageType} go back on {Queue} in {DelaySeconds} s: {Reason}")]
    private static partial void LogRequeued(ILogger logger, int count, string messageType, string queue, double delaySeconds, string reason);
}
