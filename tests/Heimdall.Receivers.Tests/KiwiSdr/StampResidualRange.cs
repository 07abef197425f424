namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>
/// Where the residual RMS of a straight line through <c>n</c> GNSS stamps with Gaussian jitter σ lies, but for once in a
/// million runs on each side: n·rms²/σ² follows chi-square with n − 2 degrees of freedom (quantiles by Wilson–Hilferty,
/// whose lower one is on the safe side for few degrees of freedom). A fixed range such as 0.4σ–1.6σ fails about once
/// in 200 runs at 12 stamps.
/// </summary>
internal static class StampResidualRange
{
    /// <summary>z with P(Z &gt; z) = 1e-6.</summary>
    private const double Z = 4.753;

    public static (double Low, double High) RmsNs(int stamps, double jitterNs)
    {
        double freedom = stamps - 2;
        var c = 2 / (9 * freedom);
        double Quantile(double z) => freedom * Math.Pow(Math.Max(0, 1 - c + (z * Math.Sqrt(c))), 3);
        return (jitterNs * Math.Sqrt(Quantile(-Z) / stamps), jitterNs * Math.Sqrt(Quantile(Z) / stamps));
    }

    /// <summary>Six σ: a stamp's residual beyond it happens about once in 500 million.</summary>
    public static double MaxNs(double jitterNs) => 6 * jitterNs;
}
