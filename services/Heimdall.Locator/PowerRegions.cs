using Heimdall.Contracts;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Power;

namespace Heimdall.Locator;

/// <summary>
/// The power-based region the Locator adds where TDoA gave no point: from every receiver whose recording states a
/// calibrated power (untimed receivers above all: rtl_tcp, SpyServer, OpenWebRX), drawn when at least
/// <see cref="PowerRegionOptions.MinimumReceivers"/> state one, with the model and confidence of <see cref="LocatorServiceOptions"/>.
/// Beside the TDoA result, never instead of it, and never a point.
/// </summary>
public static class PowerRegions
{
    public static PowerRegionSummary? Draw(LocationEstimate tdoa, IReadOnlyList<RecordingReader.ReceiverPower> powers, LocatorServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(tdoa);
        ArgumentNullException.ThrowIfNull(powers);
        ArgumentNullException.ThrowIfNull(options);
        if (tdoa.Status == LocationStatus.Located || powers.Count(p => p.Observation.PowerDbm is not null) < PowerRegionOptions.MinimumReceivers)
        {
            return null;
        }

        var estimate = PowerRegion.Estimate(
            [.. powers.Select(p => p.Observation)],
            PathLossModel.Default with { Exponent = options.PathLossExponent, ShadowingSigmaDb = options.ShadowingSigmaDb },
            PowerRegionOptions.Default with { ConfidenceLevel = options.PowerRegionConfidence });
        return PowerRegionSummary.From(estimate);
    }

    /// <summary>The region as <see cref="LocationEstimated.PowerRegion"/> says it: its numbers and the receivers that drew it, by id.</summary>
    public static LocationPowerRegion Event(PowerRegionSummary region, IReadOnlyList<RecordingReader.ReceiverPower> powers)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(powers);
        var used = region.Stations.Where(s => s.Used).Select(s => s.Name).ToHashSet();
        return new LocationPowerRegion
        {
            Method = region.Method,
            Status = region.Status,
            Reason = region.Reason,
            ConfidenceLevel = region.ConfidenceLevel,
            PathLossExponent = region.Model.Exponent,
            ShadowingSigmaDb = region.Model.ShadowingSigmaDb,
            AreaKm2 = region.AreaKm2,
            Bounded = region.Bounded,
            UsedReceiverIds = [.. powers.Where(p => used.Contains(p.Observation.Name)).Select(p => p.ReceiverId).Order()],
        };
    }
}
