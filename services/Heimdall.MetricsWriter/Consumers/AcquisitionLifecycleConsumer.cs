using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.MetricsWriter.Lifecycle;
using MassTransit;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// The Acquirer's announcements about an acquisition, to its owner (<see cref="AcquisitionLifecycle"/>): started (with its
/// receivers and when their outcomes are due), rejected (with the reasons), captured (every receiver reported).
/// </summary>
public sealed class AcquisitionLifecycleConsumer(AcquisitionLifecycle lifecycle)
    : IConsumer<AcquisitionStarted>, IConsumer<AcquisitionRejected>, IConsumer<AcquisitionCaptured>
{
    public Task Consume(ConsumeContext<AcquisitionStarted> context)
    {
        Activity.Current?.SetTag("heimdall.acquisition_id", context.Message.AcquisitionId);
        return lifecycle.StartedAsync(context);
    }

    public Task Consume(ConsumeContext<AcquisitionRejected> context)
    {
        Activity.Current?.SetTag("heimdall.acquisition_id", context.Message.AcquisitionId);
        return lifecycle.RejectedAsync(context.Message, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<AcquisitionCaptured> context)
    {
        Activity.Current?.SetTag("heimdall.acquisition_id", context.Message.AcquisitionId);
        return lifecycle.CapturedAsync(context.Message, context.CancellationToken);
    }
}
