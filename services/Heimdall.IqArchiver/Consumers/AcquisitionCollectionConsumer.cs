using System.Security.Cryptography;
using Heimdall.Contracts;
using Heimdall.IqArchiver.SigMf;
using Heimdall.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Heimdall.IqArchiver.Consumers;

/// <summary>
/// On <see cref="AcquisitionCompleted"/>, writes <c>acquisition.sigmf-collection</c> naming every stored recording with
/// the SHA-512 of its metadata, so the set opens as one multi-receiver capture. Deterministic, so a duplicate rewrites
/// the same bytes. The object store away beyond its retry is the bus's to wait out (docs/design.md, Failures).
/// </summary>
public sealed partial class AcquisitionCollectionConsumer(ObjectStore store, MetaHashes metaHashes, ILogger<AcquisitionCollectionConsumer> logger)
    : IConsumer<AcquisitionCompleted>
{
    public async Task Consume(ConsumeContext<AcquisitionCompleted> context)
    {
        var completed = context.Message;
        if (completed.StoredReceiverIds.Length == 0)
        {
            return;
        }

        var recordings = new List<(string, string)>();
        foreach (var receiverId in completed.StoredReceiverIds.Order())
        {
            var sha512 = metaHashes.Find(completed.AcquisitionId, receiverId) ?? await ReadMetaHashAsync(completed.AcquisitionId, receiverId, context.CancellationToken);
            if (sha512 is null)
            {
                LogMissing(logger, completed.AcquisitionId, receiverId);
                continue;
            }

            recordings.Add((ArchiveKeys.RecordingBaseName(receiverId), sha512));
        }

        using var activity = IqArchiverTelemetry.ActivitySource.StartActivity("collection");
        activity?.SetTag("heimdall.acquisition_id", completed.AcquisitionId);
        activity?.SetTag("heimdall.collection.recordings", recordings.Count);
        var key = ArchiveKeys.Collection(completed.AcquisitionId);
        await store.PutAsync(store.Bucket, key, SigMfCollection.Build(completed.AcquisitionId, recordings), "application/json", context.CancellationToken);
        var uri = ObjectStore.UriOf(store.Bucket, key);
        LogWritten(logger, completed.AcquisitionId, recordings.Count, uri);
    }

    private async Task<string?> ReadMetaHashAsync(Guid acquisitionId, int receiverId, CancellationToken cancellationToken)
    {
        var meta = await store.GetAsync(store.Bucket, ArchiveKeys.Meta(acquisitionId, receiverId), cancellationToken);
        return meta is null ? null : Convert.ToHexStringLower(SHA512.HashData(meta));
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Collection of {AcquisitionId}: {Count} recordings at {Uri}")]
    private static partial void LogWritten(ILogger logger, Guid acquisitionId, int count, string uri);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Collection of {AcquisitionId}: no metadata for stored receiver {ReceiverId}, left out")]
    private static partial void LogMissing(ILogger logger, Guid acquisitionId, int receiverId);
}
