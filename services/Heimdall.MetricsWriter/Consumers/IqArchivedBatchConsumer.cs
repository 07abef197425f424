using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Data.Measurements;
using Heimdall.MetricsWriter.Lifecycle;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// Writes <see cref="IqArchived"/> batches with binary COPY, publishes <see cref="MeasurementsStored"/> per acquisition and
/// lets the acquisition's owner complete it (<see cref="AcquisitionLifecycle"/>). A message that cannot be stored never
/// joins a batch (<see cref="IqArchivedValidationFilter"/>); the database away beyond its retry is the bus's to wait out,
/// each message of the batch going back to the queue on its own (docs/design.md, Failures).
/// </summary>
public sealed partial class IqArchivedBatchConsumer(
    MeasurementWriter writer,
    AcquisitionLifecycle lifecycle,
    MetricsWriterTelemetry telemetry,
    ILogger<IqArchivedBatchConsumer> logger) : IConsumer<Batch<IqArchived>>
{
    public async Task Consume(ConsumeContext<Batch<IqArchived>> context)
    {
        var batch = context.Message;
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

            await lifecycle.CompleteAsync(context, acquisition.Key, context.CancellationToken);
        }
    }

    /// <summary>The trace context the message arrived with (MassTransit carries it in the MT-Activity-Id header, W3C format).</summary>
    private static ActivityContext TraceOf(ConsumeContext message) =>
        message.Headers.Get<string>("MT-Activity-Id") is { } id && ActivityContext.TryParse(id, null, out var trace) ? trace : default;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch of {Count} IqArchived: {Stored} rows stored")]
    private static partial void LogBatch(ILogger logger, int count, int stored);
}
