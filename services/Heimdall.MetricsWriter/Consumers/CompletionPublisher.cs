using Heimdall.Contracts;
using Heimdall.MetricsWriter.Storage;
using MassTransit;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Completes an acquisition when its last receiver is in, publishing <see cref="AcquisitionCompleted"/> once.</summary>
public sealed class CompletionPublisher(AcquisitionLedger ledger, MetricsWriterTelemetry telemetry)
{
    public async Task TryCompleteAsync(ConsumeContext context, Guid acquisitionId)
    {
        var completed = await ledger.TryCompleteAsync(acquisitionId, message => context.Publish(message, context.CancellationToken), context.CancellationToken);
        if (completed is not null)
        {
            telemetry.AcquisitionsCompleted.Add(1, new KeyValuePair<string, object?>("status", completed.Status));
            telemetry.AcquisitionLatency.Record(completed.ElapsedMs);
        }
    }
}
