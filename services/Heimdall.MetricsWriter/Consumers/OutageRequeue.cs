using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// The database stayed away beyond the bounded retry: hold the messages for MetricsWriter:RequeueDelaySeconds (so an
/// outage does not become a busy loop through the broker), then put them back at the tail of their queue. Everything
/// the consumers do is idempotent, so consuming them again later is safe; nothing goes to <c>_error</c>.
/// </summary>
public sealed partial class OutageRequeue(IOptions<MetricsWriterOptions> options, MetricsWriterTelemetry telemetry, ILogger<OutageRequeue> logger)
{
    public async Task RequeueAsync<T>(ConsumeContext context, IReadOnlyCollection<ConsumeContext<T>> messages, Exception reason)
        where T : class
    {
        var delay = options.Value.RequeueDelaySeconds;
        LogRequeued(logger, messages.Count, typeof(T).Name, delay, reason.Message);
        await Task.Delay(TimeSpan.FromSeconds(delay), context.CancellationToken);
        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
        foreach (var message in messages)
        {
            await message.Forward(queue);
        }

        telemetry.Requeued.Add(messages.Count);
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Database unavailable after retries; {Count} {MessageType} go back on the queue in {DelaySeconds} s: {Reason}")]
    private static partial void LogRequeued(ILogger logger, int count, string messageType, double delaySeconds, string reason);
}
