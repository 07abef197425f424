using Heimdall.Contracts;
using Heimdall.MetricsWriter.Storage;
using Heimdall.ServiceDefaults.Messaging;
using Heimdall.ServiceDefaults.Persistence;
using MassTransit;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Records a failed receiver once and completes the acquisition if it was the last one.</summary>
public sealed class ReceiverCaptureFailedConsumer(AcquisitionLedger ledger, CompletionPublisher completion, OutageRequeue requeue)
    : IConsumer<ReceiverCaptureFailed>
{
    public async Task Consume(ConsumeContext<ReceiverCaptureFailed> context)
    {
        var message = context.Message;
        try
        {
            await ledger.RecordFailureAsync(message.AcquisitionId, message.ReceiverId, message.Reason, context.CancellationToken);
            await completion.TryCompleteAsync(context, message.AcquisitionId);
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            await requeue.RequeueAsync(context, [context], ex);
        }
    }
}
