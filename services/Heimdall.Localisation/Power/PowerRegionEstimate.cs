namespace Heimdall.Localisation.Power;

/// <summary>
/// Where the transmitter can be, at a confidence level, from untimed receivers' calibrated powers: a set of grid cells,
/// never a point. <see cref="Method"/> is always <c>power-based</c>, so that nothing shows it as a TDoA fix.
/// </summary>
public sealed record PowerRegionEstimate
{
    /// <summary>The label every display of this region carries.</summary>
    public const string PowerBased = "power-based";

    /// <summary>The label a region at <paramref name="confidenceLevel"/> is shown with (the KML placemark's name, the CLI, the console): <c>power-based region (95 %, not a fix)</c>.</summary>
    public static string Label(double confidenceLevel) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"power-based region ({confidenceLevel * 100:0.#} %, not a fix)");

    public string Method { get; init; } = PowerBased;

    /// <summary><see cref="PowerRegionStatus"/>: <c>region</c>, <c>empty</c> or <c>insufficient</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why there is no region (status <c>empty</c> or <c>insufficient</c>); null otherwise.</summary>
    public string? Reason { get; init; }

    public required double ConfidenceLevel { get; init; }

    /// <summary>The model the region assumes (exponent, shadowing σ, distance floor).</summary>
    public required PathLossModel Model { get; init; }

    /// <summary>The χ² quantile the cells' statistics are held to (k = receivers − 1 at the confidence level); null when insufficient.</summary>
    public double? Threshold { get; init; }

    public int? DegreesOfFreedom { get; init; }

    /// <summary>The smallest statistic over the grid: near k when the powers fit the model, far above it when they do not.</summary>
    public double? MinimumStatistic { get; init; }

    /// <summary>The grid the cells index; null when insufficient.</summary>
    public PowerRegionGrid? Grid { get; init; }

    /// <summary>The cells in the region (row-major), each with its centre and statistic.</summary>
    public IReadOnlyList<RegionCell> Cells { get; init; } = [];

    public double AreaKm2 { get; init; }

    /// <summary>False when the region reaches the grid's edge: it goes on beyond what was drawn (a transmitter outside the network, or too few receivers).</summary>
    public bool Bounded { get; init; }

    /// <summary>The fitted <c>A</c> (dBm at 1 m) range over the region's cells: what the powers say of the transmitter's strength.</summary>
    public PowerRange? ReferencePowerDbm { get; init; }

    public required IReadOnlyList<PowerStation> Stations { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public static class PowerRegionStatus
{
    public const string Region = "region";

    /// <summary>No cell fits: the powers disagree with the model more than its shadowing allows (a wrong calibration, or the exponent or σ wrong).</summary>
    public const string Empty = "empty";

    public const string Insufficient = "insufficient";
}

/// <summary>A grid cell of the region: row and column, centre, the statistic there and the fitted <c>A</c>.</summary>
public sealed record RegionCell(int Row, int Column, double Latitude, double Longitude, double Statistic, double ReferencePowerDbm);

/// <summary>A range of powers, dBm.</summary>
public sealed record PowerRange(double Min, double Max);

/// <summary>A receiver as the region used it, or why not.</summary>
public sealed record PowerStation(string Name, double Latitude, double Longitude, double? PowerDbm, double? SigmaDb, bool Used, string? Reason);
