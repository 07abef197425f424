namespace Heimdall.Localisation.Power;

/// <summary>The χ² distribution with k degrees of freedom: its CDF and quantile (k up to a few hundred).</summary>
internal static class ChiSquareDistribution
{
    /// <summary>
    /// P(χ²_k ≤ x): the regularised lower incomplete gamma P(k/2, x/2) by its power series
    /// <c>e^(−t) t^a / Γ(a+1) · Σ t^j / ((a+1)…(a+j))</c>, which converges for every t; Γ(a+1) for the half-integer
    /// a = k/2 exactly, by recursion from Γ(1) = 1 and Γ(1/2) = √π, in logarithms.
    /// </summary>
    public static double Cdf(int k, double x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (x <= 0)
        {
            return 0;
        }

        var a = k / 2.0;
        var t = x / 2;
        double sum = 1, term = 1;
        for (var j = 1; j < 10_000; j++)
        {
            term *= t / (a + j);
            sum += term;
            if (term < sum * 1e-16)
            {
                break;
            }
        }

        return Math.Min(1, Math.Exp((a * Math.Log(t)) - t - LogGammaOfHalfInteger(a + 1) + Math.Log(sum)));
    }

    /// <summary>The x with P(χ²_k ≤ x) = p, by bisection on <see cref="Cdf"/> to 1e-10 relative.</summary>
    public static double Quantile(int k, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!(p is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must lie in (0, 1).");
        }

        double lo = 0, hi = k + 10;
        while (Cdf(k, hi) < p)
        {
            hi *= 2;
        }

        while (hi - lo > 1e-10 * hi)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = Cdf(k, mid) < p ? (mid, hi) : (lo, mid);
        }

        return (lo + hi) / 2;
    }

    /// <summary>ln Γ(a) for a a positive multiple of 1/2.</summary>
    private static double LogGammaOfHalfInteger(double a)
    {
        var log = 0.0;
        while (a > 1.25)
        {
            a -= 1;
            log += Math.Log(a);
        }

        return log + (a < 0.75 ? 0.5 * Math.Log(Math.PI) : 0);
    }
}
