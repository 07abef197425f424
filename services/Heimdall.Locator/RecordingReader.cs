using System.Globalization;
using System.Text.Json;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;
using Heimdall.Signal;
using Heimdall.Storage;
using Microsoft.Extensions.Options;

namespace Heimdall.Locator;

/// <summary>
/// Reads an acquisition's stored recordings from the object store by their keys (never by listing the bucket) as
/// captures for the locator. A receiver whose recording is missing, too large or unreadable is not a capture: it is
/// returned as a receiver left out, with the reason, so the estimate still names it.
/// </summary>
public sealed class RecordingReader(ObjectStore store, IOptions<LocatorServiceOptions> options)
{
    public sealed record Result(IReadOnlyList<StationCapture> Captures, IReadOnlyList<StationReport> LeftOut);

    public async Task<Result> ReadAsync(Guid acquisitionId, IEnumerable<int> receiverIds, CancellationToken cancellationToken)
    {
        var captures = new List<StationCapture>();
        var leftOut = new List<StationReport>();
        foreach (var receiverId in receiverIds.Distinct().Order())
        {
            var (capture, problem) = await ReadOneAsync(acquisitionId, receiverId, cancellationToken);
            if (capture is not null)
            {
                captures.Add(captures.Any(c => c.Name == capture.Name) ? capture with { Name = $"{capture.Name} #{receiverId}" } : capture);
            }
            else
            {
                leftOut.Add(NotUsed(receiverId, problem!));
            }
        }

        return new Result(captures, leftOut);
    }

    /// <summary>A receiver that gave no capture, reported as not used with the reason.</summary>
    public static StationReport NotUsed(int receiverId, string reason) => new()
    {
        Name = "receiver " + receiverId.ToString(CultureInfo.InvariantCulture),
        ReceiverId = receiverId,
        Used = false,
        Reason = reason,
    };

    private async Task<(StationCapture? Capture, string? Problem)> ReadOneAsync(Guid acquisitionId, int receiverId, CancellationToken cancellationToken)
    {
        var metaKey = LocationKeys.Meta(acquisitionId, receiverId);
        var dataKey = LocationKeys.Data(acquisitionId, receiverId);
        var meta = await store.GetAsync(store.Bucket, metaKey, cancellationToken);
        if (meta is null)
        {
            return (null, $"its recording's metadata ({metaKey}) is not in the archive");
        }

        var stat = await store.StatAsync(store.Bucket, dataKey, cancellationToken);
        if (stat is null)
        {
            return (null, $"its recording's data ({dataKey}) is not in the archive");
        }

        if (stat.Size > options.Value.MaxRecordingBytes)
        {
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"its recording ({stat.Size} bytes) is larger than Locator:MaxRecordingBytes ({options.Value.MaxRecordingBytes})"));
        }

        var data = await store.GetAsync(store.Bucket, dataKey, cancellationToken);
        if (data is null)
        {
            return (null, $"its recording's data ({dataKey}) is not in the archive");
        }

        try
        {
            using var document = JsonDocument.Parse(meta);
            return (SigMfCapture.Create(document.RootElement, data, "receiver " + receiverId.ToString(CultureInfo.InvariantCulture)), null);
        }
        catch (JsonException ex)
        {
            return (null, $"its recording's metadata is not JSON ({ex.Message})");
        }
        catch (IqDataException ex)
        {
            return (null, $"its recording cannot be read: {ex.Message}");
        }
    }
}
