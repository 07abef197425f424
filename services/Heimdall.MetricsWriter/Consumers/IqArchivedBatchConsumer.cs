using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.MetricsWriter.Storage;
using Heimdall.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.Extensions.Logging;

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
    OutageRequeue requeue,
    ILogger<IqArchivedBatchConsumer> logger) : IConsumer<Batch<IqArchived>>
{
    public async Task Consume(ConsumeContext<Batch<IqArchived>> context)
    {
        var messages = context.Message.Select(m => m.Message).ToList();
        try
        {
            await StoreAndCompleteAsync(context, messages);
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            await requeue.RequeueAsync(context, context.Message.ToList(), ex);
        }
    }

    private async Task StoreAndCompleteAsync(ConsumeContext context, List<IqArchived> messages)
    {
        var started = Stopwatch.GetTimestamp();
        var stored = await writer.WriteAsync(messages, context.CancellationToken);
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
}
