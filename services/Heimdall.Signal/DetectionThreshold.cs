namespace Heimdall.Signal;

/// <summary>
/// Constant-false-alarm detection on a Welch spectrum. A noise-only bin averaged over K Hann segments at 50 % overlap is
/// close to χ²(ν)/ν times the noise density, with ν = 2K / (1 + 2·(1/6)²) equivalent degrees of freedom (Welch 1967).
/// The noise density is first estimated from the median of all bins (which a signal narrower than half the band cannot
/// pull up), corrected to a mean; a bin is signal when it exceeds the χ² quantile that pure noise passes in only
/// <see cref="FalseAlarmProbability"/> of spectra, anywhere in the band. Quantiles use the Wilson–Hilferty approximation.
/// </summary>
public static class DetectionThreshold
{
    /// <summary>Probability that a capture of pure noise is reported as holding a signal.</summary>
    public const double FalseAlarmProbability = 1e-3;

    /// <summary>Squared correlation of two Hann segments overlapping by half: (Σ w[n]·w[n+N/2] / Σ w²)² = (1/6)².</summary>
    private const double OverlapCorrelation = 1.0 / 36;

    /// <summary>Equivalent χ² degrees of freedom of one bin averaged over <paramref name="segments"/> segments.</summary>
    public static double DegreesOfFreedom(int segments) =>
        segments <= 1 ? 2 : 2.0 * segments / (1 + (2 * OverlapCorrelation));

    /// <summary>Mean noise density estimated from the median of noise-only bins: median / (median of χ²(ν)/ν).</summary>
    public static double MeanFromMedian(double median, double degreesOfFreedom)
    {
        var c = 2 / (9 * degreesOfFreedom);
        return median / Math.Pow(1 - c, 3);
    }

    /// <summary>Threshold ÷ mean noise density: the χ²(ν)/ν quantile exceeded by one of <paramref name="bins"/> noise bins with probability <see cref="FalseAlarmProbability"/>.</summary>
    public static double FactorOverMean(double degreesOfFreedom, int bins)
    {
        var z = UpperNormalQuantile(FalseAlarmProbability / bins);
        var c = 2 / (9 * degreesOfFreedom);
        return Math.Pow(1 - c + (z * Math.Sqrt(c)), 3);
    }

    /// <summary>z with P(Z &gt; z) = p for small p (Abramowitz and Stegun 26.2.23, error below 4.5e−4).</summary>
    private static double UpperNormalQuantile(double p)
    {
        var t = Math.Sqrt(-2 * Math.Log(p));
        return t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
    }
}
