using Heimdall.Contracts;
using Heimdall.Data.Locations;
using Heimdall.Localisation.Output;

namespace Heimdall.Locator;

/// <summary>An estimate as the row the Locator stores and as the event it publishes.</summary>
public static class LocationRecords
{
    public static LocationRecord Row(Guid acquisitionId, LocationEstimate estimate, string geoJsonUri, double computeMs)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var located = estimate.Status == LocationStatus.Located;
        return new LocationRecord
        {
            AcquisitionId = acquisitionId,
            Status = estimate.Status,
            Reason = estimate.Reason,
            Latitude = located ? estimate.Latitude : null,
            Longitude = located ? estimate.Longitude : null,
            AltitudeM = located ? estimate.AltitudeM : null,
            SemiMajorM = located ? estimate.Ellipse95?.SemiMajorM : null,
            SemiMinorM = located ? estimate.Ellipse95?.SemiMinorM : null,
            OrientationDeg = located ? estimate.Ellipse95?.OrientationDeg : null,
            Gdop = located ? estimate.Gdop : null,
            Propagation = estimate.Propagation,
            Method = estimate.Method,
            FrequencyHz = estimate.Processing?.CenterFrequencyHz,
            StationsUsed = estimate.Stations.Count(s => s.Used),
            StationsTotal = estimate.Stations.Count,
            EstimateJson = LocationJson.Serialize(estimate),
            GeoJsonUri = geoJsonUri,
            ComputeMs = computeMs,
            Pairs = [.. estimate.Pairs.Select(p => new LocationPairRow(
                p.ReceiverA, p.ReceiverB, p.ReceiverIdA, p.ReceiverIdB, p.DelaySeconds, p.SigmaSeconds, p.Quality.CrlbSeconds, p.Quality.PeakRatio, p.Used, p.Reason))],
            Stations = [.. estimate.Stations.Select(s => new LocationStationRow(s.Name, s.ReceiverId, s.Used, s.Reason, s.TimingSource, s.Latitude, s.Longitude))],
        };
    }

    public static LocationEstimated Event(LocationRecord row, IReadOnlyList<StationReport> stations, DateTime locatedAt)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(stations);
        return new LocationEstimated
        {
            AcquisitionId = row.AcquisitionId,
            Status = row.Status,
            Reason = row.Reason,
            Latitude = row.Latitude,
            Longitude = row.Longitude,
            AltitudeM = row.AltitudeM,
            SemiMajorM = row.SemiMajorM,
            SemiMinorM = row.SemiMinorM,
            OrientationDeg = row.OrientationDeg,
            Gdop = row.Gdop,
            Propagation = row.Propagation,
            UsedReceiverIds = [.. stations.Where(s => s.Used && s.ReceiverId is not null).Select(s => s.ReceiverId!.Value).Order()],
            ExcludedReceiverIds = [.. stations.Where(s => !s.Used && s.ReceiverId is not null).Select(s => s.ReceiverId!.Value).Order()],
            GeoJsonUri = row.GeoJsonUri!,
            LocatedAtUtc = new DateTimeOffset(DateTime.SpecifyKind(locatedAt, DateTimeKind.Utc)),
        };
    }
}
