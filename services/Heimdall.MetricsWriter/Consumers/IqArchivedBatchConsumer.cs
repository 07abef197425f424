using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Messaging;
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
    AcquisitionLedger ledger,
    MetricsWriterTelemetry telemetry,
    OutageRequeue requeue,
    ILogger<IqArchivedBatchConsumer> logger) : IConsumer<Batch<IqArchived>>
{
    public async Task Consume(ConsumeContext<Batch<IqArchived>> context)
    {
        // One unstorable message must not fail the batch: it goes to the error queue on its own, the rest is stored.
        var storable = new List<ConsumeContext<IqArchived>>();
        foreach (var message in context.Message)
        {
            if (IqArchivedValidation.Problem(message.Message) is { } problem)
            {
                await SendToErrorQueueAsync(context, message, problem);
            }
            else
            {
                storable.Add(message);
            }
        }

        try
        {
            await StoreAndCompleteAsync(context, storable.Select(m => m.Message).ToList());
        }
        catch (Exception ex) when (requeue.IsOutage(ex))
        {
            await requeue.RequeueAsync(context, storable, ex);
        }
    }

    private async Task SendToErrorQueueAsync(ConsumeContext context, ConsumeContext<IqArchived> message, string problem)
    {
        LogUnstorable(logger, problem);
        var queue = context.ReceiveContext.InputAddress.AbsolutePath.Split('/')[^1];
        var errors = await context.GetSendEndpoint(new Uri($"queue:{queue}_error"));
        await errors.Send(message.Message, send => send.Headers.Set("MT-Fault-Message", problem), context.CancellationToken);
    }

    private async Task StoreAndCompleteAsync(ConsumeContext context, List<IqArchived> messages)
    {
        var started = Stopwatch.GetTimestamp();
        var stored = await writer.WriteAsync(messages, context.CancellationToken);
        telemetry.BatchSize.Record(messages.Count);
        telemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
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

            // The ledger decides under the row lock; this publishes, then the ledger commits (exactly once however many race).
            await using var completion = await ledger.TryCompleteAsync(acquisition.Key, context.CancellationToken);
            if (completion is not null)
            {
                await context.Publish(completion.Completed, context.CancellationToken);
                await completion.CommitAsync(context.CancellationToken);
                telemetry.RecordCompleted(completion.Completed);
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch of {Count} IqArchived: {Stored} rows stored")]
    private static partial void LogBatch(ILogger logger, int count, int stored);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Unstorable message moved to the error queue: {Problem}")]
    private static partial void LogUnstorable(ILogger logger, string problem);
}
