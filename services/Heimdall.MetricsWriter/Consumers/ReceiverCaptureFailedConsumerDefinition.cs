using Heimdall.Messaging;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>Queue <c>receiver-capture-failed</c>.</summary>
public sealed class ReceiverCaptureFailedConsumerDefinition(IOptions<MetricsWriterOptions> options)
    : BoundedConsumerDefinition<ReceiverCaptureFailedConsumer>("receiver-capture-failed",
        options.Value.FailureConcurrency, prefetch: options.Value.FailureConcurrency * 2);
