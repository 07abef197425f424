namespace Heimdall.Testing;

/// <summary>Quantiles of measured figures, for the fault harness and the benchmarks.</summary>
public static class Percentiles
{
    /// <summary>The p-quantile of sorted values, interpolated linearly between ranks; NaN when there are none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
