using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Messaging;
using Heimdall.MetricsWriter.Completion;
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
            await StoreAndCompleteAsync(context, storable);
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

    private async Task StoreAndCompleteAsync(ConsumeContext context, List<ConsumeContext<IqArchived>> batch)
    {
        // A batch may hold several acquisitions, each its own trace: the store span (in the trace of the message that
        // closed the batch) links to the others, and each acquisition gets a span of its own in its own trace.
        var traces = batch.Select(TraceOf).Where(t => t != default).DistinctBy(t => t.TraceId).ToList();
        using var activity = MetricsWriterTelemetry.ActivitySource.StartActivity("store", ActivityKind.Internal, parentContext: default,
            links: traces.Where(t => t.TraceId != Activity.Current?.TraceId).Select(t => new ActivityLink(t)));
        var messages = batch.Select(m => m.Message).ToList();
        var started = Stopwatch.GetTimestamp();
        var stored = await writer.WriteAsync(messages, context.CancellationToken);
        telemetry.BatchSize.Record(messages.Count);
        telemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        telemetry.RowsCopied.Add(stored.Count);
        telemetry.DuplicatesIgnored.Add(messages.Count - stored.Count);
        activity?.SetTag("heimdall.batch.size", messages.Count);
        activity?.SetTag("heimdall.rows_stored", stored.Count);
        activity?.SetTag("heimdall.acquisitions", messages.Select(m => m.AcquisitionId).Distinct().Count());
        LogBatch(logger, messages.Count, stored.Count);

        foreach (var acquisition in batch.GroupBy(m => m.Message.AcquisitionId))
        {
            var trace = acquisition.Select(TraceOf).FirstOrDefault(t => t != default);
            using var span = trace == default || trace.TraceId == Activity.Current?.TraceId
                ? MetricsWriterTelemetry.ActivitySource.StartActivity("store acquisition")
                : MetricsWriterTelemetry.ActivitySource.StartActivity("store acquisition", ActivityKind.Internal, trace);
            span?.SetTag("heimdall.acquisition_id", acquisition.Key);
            span?.SetTag("heimdall.rows_stored", stored.Count(r => r.AcquisitionId == acquisition.Key));
            await context.Publish(new MeasurementsStored
            {
                AcquisitionId = acquisition.Key,
                ReceiverIds = acquisition.Select(m => m.Message.ReceiverId).Distinct().Order().ToArray(),
            }, context.CancellationToken);

            // The ledger decides under the row lock; this publishes, then the ledger commits (exactly once however many race).
            await using var completion = await ledger.TryCompleteAsync(acquisition.Key, context.CancellationToken);
            if (completion is not null)
            {
                await context.PublishCompletedAsync(completion.Completed, context.CancellationToken);
                await completion.CommitAsync(context.CancellationToken);
                telemetry.RecordCompleted(completion.Completed);
                span?.SetTag("heimdall.completed", completion.Completed.Status);
            }
        }
    }

    /// <summary>The trace context the message arrived with (MassTransit carries it in the MT-Activity-Id header, W3C format).</summary>
    private static ActivityContext TraceOf(ConsumeContext message) =>
        message.Headers.Get<string>("MT-Activity-Id") is { } id && ActivityContext.TryParse(id, null, out var trace) ? trace : default;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch of {Count} IqArchived: {Stored} rows stored")]
    private static partial void LogBatch(ILogger logger, int count, int stored);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Unstorable message moved to the error queue: {Problem}")]
    private static partial void LogUnstorable(ILogger logger, string problem);
}
