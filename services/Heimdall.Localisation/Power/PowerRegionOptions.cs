namespace Heimdall.Localisation.Power;

/// <summary>How a power-based region is drawn.</summary>
/// <param name="ConfidenceLevel">The probability that the region holds the transmitter when the model holds (default 0.95).</param>
/// <param name="CellsPerSide">The square grid's cells along each side (default 250: about 0.7 km cells over the seeded network's 180 km).</param>
/// <param name="MarginFraction">The grid reaches this fraction of the receivers' span beyond them on every side (default 0.5).</param>
/// <param name="MinimumMarginM">… and at least this far (default 20 km).</param>
/// <param name="Method">Which test draws the region (default <see cref="PowerRegionMethod.GoodnessOfFit"/>, whose coverage is exact).</param>
public sealed record PowerRegionOptions(
    double ConfidenceLevel = 0.95, int CellsPerSide = 250, double MarginFraction = 0.5, double MinimumMarginM = 20_000,
    PowerRegionMethod Method = PowerRegionMethod.GoodnessOfFit)
{
    public static PowerRegionOptions Default { get; } = new();

    /// <summary>At least this many calibrated receivers: with two, the powers only say on which side of a circle the transmitter lies.</summary>
    public const int MinimumReceivers = 3;

    /// <summary>The problems of these options, each naming its field; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(ConfidenceLevel is > 0 and < 1))
        {
            problems.Add(FormattableString.Invariant($"confidenceLevel must lie strictly between 0 and 1 (got {ConfidenceLevel})."));
        }

        if (CellsPerSide is < 10 or > 2000)
        {
            problems.Add(FormattableString.Invariant($"cellsPerSide must be between 10 and 2000 (got {CellsPerSide})."));
        }

        if (!(MarginFraction is >= 0 and <= 10) || !(MinimumMarginM is >= 0 and <= 1_000_000))
        {
            problems.Add(FormattableString.Invariant($"marginFraction must be 0–10 and minimumMarginM 0–1000000 (got {MarginFraction}, {MinimumMarginM})."));
        }

        return problems;
    }
}

/// <summary>Which positions a region keeps.</summary>
public enum PowerRegionMethod
{
    /// <summary>Those whose statistic S is within χ²_{N−1}: exact coverage when the model holds; empty when nothing fits.</summary>
    GoodnessOfFit,

    /// <summary>Those whose S − min S is within χ²₂: smaller, never empty, its coverage only asymptotic (the model is not linear in position).</summary>
    LikelihoodRatio,
}
