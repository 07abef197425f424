using Heimdall.Messaging;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>Queue <c>acquisition-collection</c>.</summary>
public sealed class AcquisitionCollectionConsumerDefinition()
    : BoundedConsumerDefinition<AcquisitionCollectionConsumer>("acquisition-collection", concurrency: 2, prefetch: 4);
