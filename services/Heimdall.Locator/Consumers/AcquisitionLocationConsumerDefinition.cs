using Heimdall.Messaging;
using Microsoft.Extensions.Options;

namespace Heimdall.Locator.Consumers;

/// <summary>Queue <c>acquisition-location</c>, bound to <c>Heimdall.Contracts:AcquisitionCompleted</c>.</summary>
public sealed class AcquisitionLocationConsumerDefinition(IOptions<LocatorServiceOptions> options)
    : BoundedConsumerDefinition<AcquisitionLocationConsumer>("acquisition-location",
        options.Value.ConcurrentMessageLimit, prefetch: options.Value.ConcurrentMessageLimit * 2);
