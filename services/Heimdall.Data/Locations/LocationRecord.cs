namespace Heimdall.Data.Locations;

/// <summary>The columns of a row of <c>locations</c>: what a query filters on, and <see cref="EstimateJson"/>, the whole answer as the Locator computed it.</summary>
public abstract record LocationColumns
{
    public required Guid AcquisitionId { get; init; }

    /// <summary><c>located</c>, <c>hyperbola</c> or <c>not-located</c>.</summary>
    public required string Status { get; init; }

    public string? Reason { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? AltitudeM { get; init; }
    public double? SemiMajorM { get; init; }
    public double? SemiMinorM { get; init; }
    public double? OrientationDeg { get; init; }
    public double? Gdop { get; init; }
    public required string Propagation { get; init; }
    public required string Method { get; init; }
    public double? FrequencyHz { get; init; }
    public required int StationsUsed { get; init; }
    public required int StationsTotal { get; init; }

    /// <summary>The estimate's JSON (jsonb).</summary>
    public required string EstimateJson { get; init; }

    public string? GeoJsonUri { get; init; }

    /// <summary>Time to read the recordings and locate, milliseconds.</summary>
    public required double ComputeMs { get; init; }
}

/// <summary>A row of <c>locations</c> as the Locator writes it, with its pairs and receivers.</summary>
public sealed record LocationRecord : LocationColumns
{
    public required IReadOnlyList<LocationPairRow> Pairs { get; init; }
    public required IReadOnlyList<LocationStationRow> Stations { get; init; }
}

/// <summary>A row of <c>location_pairs</c>: the delay at receiver b minus receiver a.</summary>
public sealed record LocationPairRow(
    string ReceiverA, string ReceiverB, int? ReceiverIdA, int? ReceiverIdB, double? DelaySeconds, double? SigmaSeconds, double? CrlbSeconds,
    double? PeakRatio, bool Used, string? Reason);

/// <summary>A row of <c>location_stations</c>.</summary>
public sealed record LocationStationRow(string ReceiverName, int? ReceiverId, bool Used, string? Reason, string? TimingSource, double? Latitude, double? Longitude);

/// <summary>A stored location: its columns and when it was stored.</summary>
public sealed record StoredLocation : LocationColumns
{
    public required DateTime LocatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    internal const string Columns = """
        acquisition_id as AcquisitionId, status as Status, reason as Reason, latitude as Latitude, longitude as Longitude,
        altitude_m as AltitudeM, semi_major_m as SemiMajorM, semi_minor_m as SemiMinorM, orientation_deg as OrientationDeg,
        gdop as Gdop, propagation as Propagation, method as Method, frequency_hz as FrequencyHz, stations_used as StationsUsed,
        stations_total as StationsTotal, estimate::text as EstimateJson, geojson_uri as GeoJsonUri, compute_ms as ComputeMs,
        located_at as LocatedAt, updated_at as UpdatedAt
        """;
}
