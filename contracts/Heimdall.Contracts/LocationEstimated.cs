namespace Heimdall.Contracts;

/// <summary>
/// Additive: the Locator has located an acquisition's transmitter from its GNSS-timed recordings (or said why it could
/// not), stored the estimate (table <c>locations</c>) and written <c>acquisitions/{id}/location.geojson</c>. Published
/// once per consume of <see cref="AcquisitionCompleted"/>: a redelivery publishes the same estimate again. The whole
/// answer (pairs, receivers, warnings) is <c>GET /api/acquisitions/{id}/location</c>.
/// </summary>
public sealed record LocationEstimated
{
    public required Guid AcquisitionId { get; init; }

    /// <summary><c>located</c> (a point with its 95 % ellipse), <c>hyperbola</c> (two receivers: no point) or <c>not-located</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why there is no point; null when located.</summary>
    public string? Reason { get; init; }

    /// <summary>Degrees north (WGS-84); null unless located.</summary>
    public double? Latitude { get; init; }

    /// <summary>Degrees east (WGS-84); null unless located.</summary>
    public double? Longitude { get; init; }

    /// <summary>Metres above the ellipsoid; null unless located.</summary>
    public double? AltitudeM { get; init; }

    /// <summary>The 95 % error ellipse's semi-major axis, metres; null unless located.</summary>
    public double? SemiMajorM { get; init; }

    /// <summary>The 95 % error ellipse's semi-minor axis, metres; null unless located.</summary>
    public double? SemiMinorM { get; init; }

    /// <summary>The major axis's orientation, degrees clockwise from north (0 to 180); null unless located.</summary>
    public double? OrientationDeg { get; init; }

    public double? Gdop { get; init; }

    /// <summary><c>ground-wave</c> or <c>line-of-sight</c>.</summary>
    public required string Propagation { get; init; }

    /// <summary>The receivers whose arrival times were used.</summary>
    public int[] UsedReceiverIds { get; init; } = [];

    /// <summary>The acquisition's receivers that were not used (untimed, no common signal, failed, …); why is in the stored estimate.</summary>
    public int[] ExcludedReceiverIds { get; init; } = [];

    /// <summary><c>s3://bucket/acquisitions/{id}/location.geojson</c>.</summary>
    public required string GeoJsonUri { get; init; }

    /// <summary>When the estimate was first stored.</summary>
    public required DateTimeOffset LocatedAtUtc { get; init; }

    /// <summary>
    /// Additive: the power-based region the Locator drew from the receivers' calibrated powers where TDoA gave no point
    /// (never a point; its outline is in the GeoJSON and the stored estimate); null when none was drawn.
    /// </summary>
    public LocationPowerRegion? PowerRegion { get; init; }
}
