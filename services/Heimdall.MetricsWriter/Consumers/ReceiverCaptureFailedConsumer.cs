using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.MetricsWriter.Lifecycle;
using MassTransit;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Records a failed receiver once and completes the acquisition if it was the last one (<see cref="AcquisitionLifecycle"/>).</summary>
public sealed class ReceiverCaptureFailedConsumer(AcquisitionLifecycle lifecycle) : IConsumer<ReceiverCaptureFailed>
{
    public Task Consume(ConsumeContext<ReceiverCaptureFailed> context)
    {
        Activity.Current?.SetTag("heimdall.acquisition_id", context.Message.AcquisitionId);
        Activity.Current?.SetTag("heimdall.receiver_id", context.Message.ReceiverId);
        return lifecycle.ReceiverFailedAsync(context);
    }
}
