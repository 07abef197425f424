using System.Globalization;
using System.Text.Json;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Power;
using Heimdall.Signal;
using Heimdall.Storage;
using Microsoft.Extensions.Options;

namespace Heimdall.Locator;

/// <summary>
/// Reads an acquisition's stored recordings from the object store by their keys (never by listing the bucket) as
/// captures for the locator. A receiver whose recording is missing, too large or unreadable is not a capture: it is
/// returned as a receiver left out, with the reason, so the estimate still names it. A recording without a GNSS time
/// base (host clock, stale GNSS) is read by its metadata alone: its samples could never be aligned with the others.
/// </summary>
public sealed class RecordingReader(ObjectStore store, IOptions<LocatorServiceOptions> options)
{
    /// <param name="Captures">The recordings the locator can use.</param>
    /// <param name="LeftOut">The receivers without a capture, each with the reason.</param>
    /// <param name="Powers">Every receiver whose metadata was read, with the calibrated power it states (for a power-based region), named as its capture is.</param>
    public sealed record Result(IReadOnlyList<StationCapture> Captures, IReadOnlyList<StationReport> LeftOut, IReadOnlyList<ReceiverPower> Powers);

    /// <summary>A receiver's calibrated power, as its recording's metadata states it.</summary>
    public sealed record ReceiverPower(int ReceiverId, PowerObservation Observation);

    public async Task<Result> ReadAsync(Guid acquisitionId, IEnumerable<int> receiverIds, CancellationToken cancellationToken)
    {
        var captures = new List<StationCapture>();
        var leftOut = new List<StationReport>();
        var powers = new List<ReceiverPower>();
        foreach (var receiverId in receiverIds.Distinct().Order())
        {
            var (capture, power, problem) = await ReadOneAsync(acquisitionId, receiverId, cancellationToken);
            if (power is not null)
            {
                powers.Add(new ReceiverPower(receiverId, powers.Any(p => p.Observation.Name == power.Name) ? power with { Name = $"{power.Name} #{receiverId}" } : power));
            }

            if (capture is not null)
            {
                captures.Add(captures.Any(c => c.Name == capture.Name) ? capture with { Name = $"{capture.Name} #{receiverId}" } : capture);
            }
            else
            {
                leftOut.Add(NotUsed(receiverId, problem!));
            }
        }

        return new Result(captures, leftOut, powers);
    }

    /// <summary>A receiver that gave no capture, reported as not used with the reason.</summary>
    public static StationReport NotUsed(int receiverId, string reason) => new()
    {
        Name = "receiver " + receiverId.ToString(CultureInfo.InvariantCulture),
        ReceiverId = receiverId,
        Used = false,
        Reason = reason,
    };

    private async Task<(StationCapture? Capture, PowerObservation? Power, string? Problem)> ReadOneAsync(Guid acquisitionId, int receiverId, CancellationToken cancellationToken)
    {
        var metaKey = LocationKeys.Meta(acquisitionId, receiverId);
        var dataKey = LocationKeys.Data(acquisitionId, receiverId);
        var meta = await store.GetAsync(store.Bucket, metaKey, cancellationToken);
        if (meta is null)
        {
            return (null, null, $"its recording's metadata ({metaKey}) is not in the archive");
        }

        var fallbackName = "receiver " + receiverId.ToString(CultureInfo.InvariantCulture);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(meta);
        }
        catch (JsonException ex)
        {
            return (null, null, $"its recording's metadata is not JSON ({ex.Message})");
        }

        using (document)
        {
            var power = Power(document.RootElement, fallbackName);
            if (!HasClock(document.RootElement))
            {
                // Never aligned with the others, so its samples are not fetched: the capture only says why it is not used.
                return Capture(document.RootElement, [], fallbackName, power);
            }

            var stat = await store.StatAsync(store.Bucket, dataKey, cancellationToken);
            if (stat is null)
            {
                return (null, power, $"its recording's data ({dataKey}) is not in the archive");
            }

            if (stat.Size > options.Value.MaxRecordingBytes)
            {
                return (null, power, string.Create(CultureInfo.InvariantCulture,
                    $"its recording ({stat.Size} bytes) is larger than Locator:MaxRecordingBytes ({options.Value.MaxRecordingBytes})"));
            }

            var data = await store.GetAsync(store.Bucket, dataKey, cancellationToken);
            return data is null
                ? (null, power, $"its recording's data ({dataKey}) is not in the archive")
                : Capture(document.RootElement, data, fallbackName, power);
        }
    }

    private static PowerObservation? Power(JsonElement meta, string fallbackName)
    {
        try
        {
            return SigMfPower.Observation(meta, fallbackName);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null; // no power to read; the capture says what else is wrong with it
        }
    }

    /// <summary>
    /// Whether the metadata gives the recording a GNSS time base; a recording whose timing cannot even be read counts
    /// as timed, so that reading it in full reports what is wrong.
    /// </summary>
    private static bool HasClock(JsonElement meta)
    {
        try
        {
            return SigMfCapture.Timing(meta).Clock is not null;
        }
        catch (IqDataException)
        {
            return true;
        }
    }

    private static (StationCapture? Capture, PowerObservation? Power, string? Problem) Capture(JsonElement meta, ReadOnlySpan<byte> data, string fallbackName, PowerObservation? power)
    {
        try
        {
            return (SigMfCapture.Create(meta, data, fallbackName), power, null);
        }
        catch (IqDataException ex)
        {
            return (null, power, $"its recording cannot be read: {ex.Message}");
        }
    }
}
