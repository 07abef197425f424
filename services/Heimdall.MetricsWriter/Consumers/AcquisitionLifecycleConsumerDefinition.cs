using Heimdall.Messaging;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// Queue <c>acquisition-lifecycle</c>, bound to <c>Heimdall.Contracts:AcquisitionStarted</c>, <c>AcquisitionRejected</c>
/// and <c>AcquisitionCaptured</c>: a few small messages per acquisition.
/// </summary>
public sealed class AcquisitionLifecycleConsumerDefinition()
    : BoundedConsumerDefinition<AcquisitionLifecycleConsumer>("acquisition-lifecycle", concurrency: 8, prefetch: 16);
