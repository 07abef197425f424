using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.MetricsWriter.Storage;
using Heimdall.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// Writes <see cref="IqArchived"/> batches with binary COPY, publishes <see cref="MeasurementsStored"/> per acquisition and
/// completes acquisitions. When the database stays away beyond the bounded retry, the batch is put back at the tail of
/// its queue (nothing is acked before it is stored or re-queued).
/// </summary>
public sealed partial class IqArchivedBatchConsumer(
    MeasurementWriter writer,
    CompletionPublisher completion,
    MetricsWriterTelemetry telemetry,
    IOptions<MetricsWriterOptions> options,
    ILogger<IqArchivedBatchConsumer> logger) : IConsumer<Batch<IqArchived>>
{
    public async Task Consume(ConsumeContext<Batch<IqArchived>> context)
    {
        var messages = context.Message.Select(m => m.Message).ToList();
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<StoredReceiver> stored;
        try
        {
            stored = await writer.WriteAsync(messages, context.CancellationToken);
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            LogRequeued(logger, messages.Count, options.Value.RequeueDelaySeconds, ex.Message);
            // Hold the batch a moment first, so an outage does not turn into a busy loop through the broker.
            await Task.Delay(TimeSpan.FromSeconds(options.Value.RequeueDelaySeconds), context.CancellationToken);
            var inputAddress = context.ReceiveContext.InputAddress;
            foreach (var message in context.Message)
            {
                await message.Forward(await context.GetSendEndpoint(inputAddress));
            }

            telemetry.Requeued.Add(messages.Count);

            return;
        }

        telemetry.BatchSize.Record(messages.Count);
        telemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        telemetry.RowsCopied.Add(stored.Count);
        telemetry.DuplicatesIgnored.Add(messages.Count - stored.Count);
        LogBatch(logger, messages.Count, stored.Count);

        foreach (var acquisition in messages.GroupBy(m => m.AcquisitionId))
        {
            await context.Publish(new MeasurementsStored
            {
                AcquisitionId = acquisition.Key,
                ReceiverIds = acquisition.Select(m => m.ReceiverId).Distinct().Order().ToArray(),
            }, context.CancellationToken);
            await completion.TryCompleteAsync(context, acquisition.Key);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch of {Count} IqArchived: {Stored} rows stored")]
    private static partial void LogBatch(ILogger logger, int count, int stored);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Database unavailable after retries; {Count} messages go back on the queue in {DelaySeconds} s: {Reason}")]
    private static partial void LogRequeued(ILogger logger, int count, double delaySeconds, string reason);
}
