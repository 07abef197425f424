using Heimdall.Localisation.Linear;

namespace Heimdall.Localisation.Solving;

/// <summary>
/// Each receiver's arrival time relative to a reference receiver, from every usable pair's delay by generalised least
/// squares with the pairs' full covariance (a delay d_ab = t_b − t_a). Over three or more receivers the pairs say more
/// than the N − 1 times, so their disagreement (the closure around each triplet) is tested: a pair whose normalised
/// residual exceeds <see cref="OutlierSigmas"/> is left out and the fit repeated, one pair at a time, while the
/// remaining pairs still connect the receivers redundantly. 1 % of each pair's variance is treated as its own
/// (independent of every other pair), since the split of the noise between receivers is itself an estimate.
/// </summary>
internal static class ArrivalTimes
{
    /// <summary>Normalised residual beyond which a pair is inconsistent with the others (a probability of about 6·10⁻⁷ for a Gaussian error).</summary>
    public const double OutlierSigmas = 5;

    /// <summary>The times (seconds, the reference's is 0) of the receivers 0…n−1 and their covariance, and which pairs were left out as inconsistent.</summary>
    public sealed record Result(double[] Times, double[,] Covariance, double ChiSquare, int DegreesOfFreedom, IReadOnlyDictionary<int, double> Rejected, double[] Residuals);

    /// <summary>
    /// Solves for <paramref name="stations"/> receivers (connected by <paramref name="pairs"/>, each (a, b, delay)) with the
    /// delays' covariance <paramref name="covariance"/>; receiver 0 is the reference.
    /// </summary>
    public static Result Solve(int stations, IReadOnlyList<(int A, int B, double Delay)> pairs, double[,] covariance)
    {
        var active = Enumerable.Range(0, pairs.Count).ToList();
        var rejected = new Dictionary<int, double>();
        while (true)
        {
            var (times, timeCovariance, residuals, normalised, chiSquare) = Fit(stations, pairs, covariance, active);
            var dof = active.Count - (stations - 1);
            var worst = active.Count > 0 ? Enumerable.Range(0, active.Count).MaxBy(i => Math.Abs(normalised[i])) : -1;
            if (dof >= 1 && worst >= 0 && Math.Abs(normalised[worst]) > OutlierSigmas && StillConnected(stations, pairs, active.Where((_, i) => i != worst).ToList()))
            {
                rejected[active[worst]] = normalised[worst];
                active.RemoveAt(worst);
                continue;
            }

            var all = new double[pairs.Count];
            for (var i = 0; i < active.Count; i++)
            {
                all[active[i]] = residuals[i];
            }

            return new Result(times, timeCovariance, chiSquare, dof, rejected, all);
        }
    }

    private static (double[] Times, double[,] Covariance, double[] Residuals, double[] Normalised, double ChiSquare) Fit(
        int stations, IReadOnlyList<(int A, int B, double Delay)> pairs, double[,] covariance, List<int> active)
    {
        var m = active.Count;
        var unknowns = stations - 1;
        var design = new double[m, unknowns];
        var delays = new double[m];
        var c = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            var (a, b, delay) = pairs[active[i]];
            if (b > 0)
            {
                design[i, b - 1] += 1;
            }

            if (a > 0)
            {
                design[i, a - 1] -= 1;
            }

            delays[i] = delay;
            for (var j = 0; j < m; j++)
            {
                c[i, j] = covariance[active[i], active[j]];
            }

            c[i, i] *= 1.01;
        }

        var weight = Dense.InverseSpd(c) ?? Dense.InverseSpd(Dense.WithRidge(c, 1e-6))
            ?? throw new InvalidOperationException("the delays' covariance is not positive definite");
        var normal = Dense.TransposeTimesWeightedTimes(design, weight);
        var timeCovariance = Dense.InverseSpd(normal) ?? throw new InvalidOperationException("the pairs do not connect the receivers");
        var solution = Dense.Multiply(timeCovariance, Dense.TransposeTimesWeightedTimes(design, weight, delays));
        var fitted = Dense.Multiply(design, solution);
        var residuals = delays.Select((d, i) => d - fitted[i]).ToArray();

        // Residual covariance C − A·C_t·Aᵀ gives each residual's own standard deviation.
        var explained = Dense.Multiply(Dense.Multiply(design, timeCovariance), Dense.Transpose(design));
        var normalised = new double[m];
        for (var i = 0; i < m; i++)
        {
            var variance = c[i, i] - explained[i, i];
            normalised[i] = variance > 0 ? residuals[i] / Math.Sqrt(variance) : 0;
        }

        var times = new double[stations];
        var full = new double[stations, stations];
        for (var i = 1; i < stations; i++)
        {
            times[i] = solution[i - 1];
            for (var j = 1; j < stations; j++)
            {
                full[i, j] = timeCovariance[i - 1, j - 1];
            }
        }

        return (times, full, residuals, normalised, Dense.Quadratic(weight, residuals));
    }

    /// <summary>True when the pairs at <paramref name="active"/> connect every receiver and still over-determine the times.</summary>
    private static bool StillConnected(int stations, IReadOnlyList<(int A, int B, double Delay)> pairs, List<int> active)
    {
        if (active.Count <= stations - 1)
        {
            return false;
        }

        var component = Components.Largest(stations, active.Select(i => (pairs[i].A, pairs[i].B)));
        return component.Count == stations;
    }
}
