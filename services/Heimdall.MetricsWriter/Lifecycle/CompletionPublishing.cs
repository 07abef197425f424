using System.Security.Cryptography;
using System.Text;
using Heimdall.Contracts;
using MassTransit;

namespace Heimdall.MetricsWriter.Lifecycle;

/// <summary>
/// Publishes <see cref="AcquisitionCompleted"/> with a MessageId derived from the acquisition id, so every copy of one
/// acquisition's completion carries the same id. A copy can happen: when the broker stops while a publication awaits
/// its confirm, the broker keeps the message and MassTransit publishes it again once it has reconnected; when the
/// publication went out but could not be marked published (the database went away, the process died), the outbox
/// publishes it again. A consumer that must see it once deduplicates on MessageId (MassTransit's inbox does).
/// </summary>
public static class CompletionPublishing
{
    /// <summary>The namespace of the completions' name-based ids (fixed: changing it changes every id).</summary>
    private static readonly Guid Namespace = Guid.Parse("3f0c6a52-1d7e-4b9a-9c55-8e2f7d41b0a6");

    /// <summary>The MessageId of the acquisition's <see cref="AcquisitionCompleted"/>: a name-based UUID (RFC 9562, version 5).</summary>
    public static Guid MessageId(Guid acquisitionId) => NameBasedId(Namespace, "AcquisitionCompleted:" + acquisitionId.ToString("D"));

    public static Task PublishCompletedAsync(this IPublishEndpoint endpoint, AcquisitionCompleted completed, CancellationToken cancellationToken) =>
        endpoint.Publish(completed, context => context.MessageId = MessageId(completed.AcquisitionId), cancellationToken);

    /// <summary>RFC 9562 §5.5: SHA-1 of the namespace's bytes and the name's UTF-8, version 5, variant 10.</summary>
    public static Guid NameBasedId(Guid @namespace, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
#pragma warning disable CA5350 // RFC 9562 version 5 is defined on SHA-1; the id names a message, it secures nothing
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
