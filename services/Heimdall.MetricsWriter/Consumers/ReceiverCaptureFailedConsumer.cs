using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Messaging;
using Heimdall.MetricsWriter.Completion;
using MassTransit;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Records a failed receiver once and completes the acquisition if it was the last one.</summary>
public sealed class ReceiverCaptureFailedConsumer(AcquisitionLedger ledger, MetricsWriterTelemetry telemetry, OutageRequeue requeue)
    : IConsumer<ReceiverCaptureFailed>
{
    public async Task Consume(ConsumeContext<ReceiverCaptureFailed> context)
    {
        var message = context.Message;
        var span = Activity.Current;
        span?.SetTag("heimdall.acquisition_id", message.AcquisitionId);
        span?.SetTag("heimdall.receiver_id", message.ReceiverId);
        try
        {
            await ledger.RecordFailureAsync(message.AcquisitionId, message.ReceiverId, message.Reason, context.CancellationToken);

            // The ledger decides under the row lock; this publishes, then the ledger commits (exactly once however many race).
            await using var completion = await ledger.TryCompleteAsync(message.AcquisitionId, context.CancellationToken);
            if (completion is not null)
            {
                await context.PublishCompletedAsync(completion.Completed, context.CancellationToken);
                await completion.CommitAsync(context.CancellationToken);
                telemetry.RecordCompleted(completion.Completed);
                span?.SetTag("heimdall.completed", completion.Completed.Status);
            }
        }
        catch (Exception ex) when (requeue.IsOutage(ex))
        {
            await requeue.RequeueAsync(context, [context], ex);
        }
    }
}
