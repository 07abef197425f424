namespace Heimdall.Localisation.Power;

/// <summary>
/// A power-based region as it travels with a location estimate (<see cref="Output.LocationEstimate.PowerRegion"/>):
/// everything of <see cref="PowerRegionEstimate"/> but its cells, and the region's outline instead, one closed ring of
/// [longitude, latitude] per run of adjacent cells in a grid row (the GeoJSON MultiPolygon's polygons). Never a point;
/// <see cref="Method"/> is always <c>power-based</c>.
/// </summary>
public sealed record PowerRegionSummary
{
    public string Method { get; init; } = PowerRegionEstimate.PowerBased;

    /// <summary><c>region</c>, <c>empty</c> or <c>insufficient</c> (<see cref="PowerRegionStatus"/>).</summary>
    public required string Status { get; init; }

    public string? Reason { get; init; }

    public required double ConfidenceLevel { get; init; }

    /// <summary>The log-distance model assumed: exponent, shadowing σ (dB), distance floor (m).</summary>
    public required PathLossModel Model { get; init; }

    public double? Threshold { get; init; }

    public int? DegreesOfFreedom { get; init; }

    public double? MinimumStatistic { get; init; }

    public double AreaKm2 { get; init; }

    public bool Bounded { get; init; }

    /// <summary>The grid's cell side, m (null when insufficient).</summary>
    public double? CellM { get; init; }

    public PowerRange? ReferencePowerDbm { get; init; }

    public required IReadOnlyList<PowerStation> Stations { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The region's outline: closed rings of [longitude, latitude] (five corners each), one per run of cells in a row.</summary>
    public IReadOnlyList<double[][]> Polygons { get; init; } = [];

    public static PowerRegionSummary From(PowerRegionEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new PowerRegionSummary
        {
            Method = estimate.Method,
            Status = estimate.Status,
            Reason = estimate.Reason,
            ConfidenceLevel = estimate.ConfidenceLevel,
            Model = estimate.Model,
            Threshold = estimate.Threshold,
            DegreesOfFreedom = estimate.DegreesOfFreedom,
            MinimumStatistic = estimate.MinimumStatistic,
            AreaKm2 = Math.Round(estimate.AreaKm2, 3),
            Bounded = estimate.Bounded,
            CellM = estimate.Grid is { } grid ? Math.Round(grid.CellM, 1) : null,
            ReferencePowerDbm = estimate.ReferencePowerDbm,
            Stations = estimate.Stations,
            Warnings = estimate.Warnings,
            Polygons = estimate.Grid is { } g
                ? [.. PowerRegionGeoJson.Runs(estimate.Cells).Select(run => new[] { (run.Row, run.First), (run.Row, run.Last + 1), (run.Row + 1, run.Last + 1), (run.Row + 1, run.First), (run.Row, run.First) }
                    .Select(c => g.Corner(c.Item1, c.Item2)).Select(p => new[] { p.Longitude, p.Latitude }).ToArray())]
                : [],
        };
    }

    /// <summary>Whether the outline holds the point (even-odd rule over each ring).</summary>
    public bool Contains(double latitude, double longitude) => Polygons.Any(ring => Inside(ring, longitude, latitude));

    private static bool Inside(double[][] ring, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            if ((ring[i][1] > y) != (ring[j][1] > y)
                && x < ((ring[j][0] - ring[i][0]) * (y - ring[i][1]) / (ring[j][1] - ring[i][1])) + ring[i][0])
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
