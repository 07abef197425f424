using Heimdall.Data.Locations;
using Heimdall.Localisation.Output;

namespace Heimdall.Api.Contracts;

/// <summary>
/// <c>GET /api/acquisitions/{id}/location</c>: where the acquisition's transmitter is, as the Locator estimated it from
/// the GNSS-timed recordings: the position with its 95 % error ellipse and GDOP, every pair's delay with its standard
/// deviation and quality, every receiver used or not (and why), and how it was computed. The hyperbolae are in the
/// GeoJSON and KML forms.
/// </summary>
public sealed record LocationResponse
{
    public required Guid AcquisitionId { get; init; }

    /// <summary>Always <c>located</c> here (an acquisition without a point is a problem response naming the reason).</summary>
    public required string Status { get; init; }

    public required double Latitude { get; init; }
    public required double Longitude { get; init; }
    public double? AltitudeM { get; init; }
    public required ErrorEllipse Ellipse95 { get; init; }
    public HorizontalCovariance? Covariance { get; init; }
    public double? Gdop { get; init; }
    public required string Propagation { get; init; }
    public required double PropagationSpeedMps { get; init; }
    public required string Method { get; init; }
    public required IReadOnlyList<PairMeasurement> Pairs { get; init; }
    public required IReadOnlyList<StationReport> Stations { get; init; }
    public ProcessingSummary? Processing { get; init; }
    public FitSummary? Fit { get; init; }
    public required IReadOnlyList<AlternativePosition> Alternatives { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>When the Locator first stored it.</summary>
    public required DateTime LocatedAt { get; init; }

    public static LocationResponse From(Guid acquisitionId, LocationEstimate estimate, DateTime locatedAt) => new()
    {
        AcquisitionId = acquisitionId,
        Status = estimate.Status,
        Latitude = estimate.Latitude!.Value,
        Longitude = estimate.Longitude!.Value,
        AltitudeM = estimate.AltitudeM,
        Ellipse95 = estimate.Ellipse95!,
        Covariance = estimate.Covariance,
        Gdop = estimate.Gdop,
        Propagation = estimate.Propagation,
        PropagationSpeedMps = estimate.PropagationSpeedMps,
        Method = estimate.Method,
        Pairs = estimate.Pairs,
        Stations = estimate.Stations,
        Processing = estimate.Processing,
        Fit = estimate.Fit,
        Alternatives = estimate.Alternatives,
        Warnings = estimate.Warnings,
        LocatedAt = locatedAt,
    };
}

/// <summary>One row of <c>GET /api/locations</c>: an acquisition's location in brief (the whole at its <see cref="Url"/>).</summary>
public sealed record LocationSummary
{
    public required Guid AcquisitionId { get; init; }

    /// <summary><c>located</c>, <c>hyperbola</c> or <c>not-located</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why there is no point (null when located).</summary>
    public string? Reason { get; init; }

    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? AltitudeM { get; init; }

    /// <summary>The 95 % error ellipse (null unless located).</summary>
    public ErrorEllipse? Ellipse95 { get; init; }

    public double? Gdop { get; init; }
    public required string Propagation { get; init; }
    public double? FrequencyHz { get; init; }
    public required int StationsUsed { get; init; }
    public required int StationsTotal { get; init; }
    public required DateTime LocatedAt { get; init; }

    /// <summary><c>/api/acquisitions/{id}/location</c>.</summary>
    public required string Url { get; init; }

    public static LocationSummary From(StoredLocation row) => new()
    {
        AcquisitionId = row.AcquisitionId,
        Status = row.Status,
        Reason = row.Reason,
        Latitude = row.Latitude,
        Longitude = row.Longitude,
        AltitudeM = row.AltitudeM,
        Ellipse95 = row is { SemiMajorM: { } major, SemiMinorM: { } minor, OrientationDeg: { } orientation } ? new ErrorEllipse(major, minor, orientation) : null,
        Gdop = row.Gdop,
        Propagation = row.Propagation,
        FrequencyHz = row.FrequencyHz,
        StationsUsed = row.StationsUsed,
        StationsTotal = row.StationsTotal,
        LocatedAt = row.LocatedAt,
        Url = $"/api/acquisitions/{row.AcquisitionId}/location",
    };
}
