using Heimdall.Messaging;
using Microsoft.Extensions.Options;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>Queue <c>iq-captured</c>.</summary>
public sealed class IqCapturedConsumerDefinition(IOptions<IqArchiverOptions> options)
    : BoundedConsumerDefinition<IqCapturedConsumer>("iq-captured",
        options.Value.ConcurrentMessageLimit, prefetch: options.Value.ConcurrentMessageLimit * 2);
