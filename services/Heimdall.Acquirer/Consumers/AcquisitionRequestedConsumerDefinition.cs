using Heimdall.Messaging;
using Microsoft.Extensions.Options;

namespace Heimdall.Acquirer.Consumers;

/// <summary>Queue <c>acquisition-requested</c>, bound to the <c>Heimdall.Contracts:AcquisitionRequested</c> exchange.</summary>
public sealed class AcquisitionRequestedConsumerDefinition(IOptions<AcquirerOptions> options)
    : BoundedConsumerDefinition<AcquisitionRequestedConsumer>("acquisition-requested",
        options.Value.ConcurrentAcquisitions, prefetch: options.Value.ConcurrentAcquisitions);
