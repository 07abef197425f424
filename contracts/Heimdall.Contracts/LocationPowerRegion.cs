namespace Heimdall.Contracts;

/// <summary>
/// Additive: a power-based region in <see cref="LocationEstimated"/>: where the transmitter can be, at a confidence
/// level, from untimed receivers' calibrated powers under a log-distance model. A region, never a point: its outline
/// travels by reference (<see cref="LocationEstimated.GeoJsonUri"/>, the feature of <c>kind</c> <c>power-region</c>).
/// </summary>
public sealed record LocationPowerRegion
{
    /// <summary>Always <c>power-based</c>.</summary>
    public required string Method { get; init; }

    /// <summary><c>region</c>, <c>empty</c> (no position fits the powers) or <c>insufficient</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why there is no region; null when there is one.</summary>
    public string? Reason { get; init; }

    public required double ConfidenceLevel { get; init; }

    public required double PathLossExponent { get; init; }

    public required double ShadowingSigmaDb { get; init; }

    public required double AreaKm2 { get; init; }

    /// <summary>False when the region reaches the edge of the grid it was drawn on.</summary>
    public required bool Bounded { get; init; }

    /// <summary>The receivers whose powers drew it.</summary>
    public int[] UsedReceiverIds { get; init; } = [];
}
