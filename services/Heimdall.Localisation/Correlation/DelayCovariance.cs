using System.Numerics;

namespace Heimdall.Localisation.Correlation;

/// <summary>
/// The covariance of the pairs' delay errors. Pairs that share a receiver share its noise: in each bin the phase error
/// of pair (a, b) is a_a − a_b + n_ab, where a_s is receiver s's own noise relative to the common signal (variance
/// 1/(2·T·Δf·SNR_s)) and n_ab the product of the two noises, independent between pairs. Each receiver's SNR per bin
/// comes from the three-cornered hat (the common signal at a is |G_ab|·|G_ac|/|G_bc|, the median over the other
/// pairs); n_ab takes what the pair's coherence leaves. With the pairs' phase-slope coefficients c_p(f) the covariance is
/// Σ_f c_p(f)·c_q(f)·(Σ_s ±v_s(f) + [p = q]·v_ab(f)), a sum of positive semi-definite terms. Treating the pairs as
/// independent instead would understate the arrival times' variance by up to N/2 for N receivers.
/// </summary>
internal static class DelayCovariance
{
    /// <summary>The covariance (s²) of the delays of <paramref name="pairs"/> (indices into the spectra's pairs).</summary>
    public static double[,] Compute(CrossSpectra spectra, IReadOnlyList<int> pairs, IReadOnlyList<PairCorrelator.Result> results)
    {
        var cells = 2 * spectra.DurationSeconds * spectra.BinHz / CrossSpectra.WindowVarianceFactor;
        var stations = spectra.Auto.Length;
        var count = pairs.Count;
        var covariance = new double[count, count];
        var bins = pairs.SelectMany(p => results[p].Bins).Distinct().Order().ToArray();
        var coefficient = new double[count];
        var stationNoise = new double[stations];
        foreach (var bin in bins)
        {
            for (var s = 0; s < stations; s++)
            {
                stationNoise[s] = stations >= 3 ? StationNoise(spectra, s, bin) / cells : 0;
            }

            for (var i = 0; i < count; i++)
            {
                var index = Array.BinarySearch(results[pairs[i]].Bins, bin);
                coefficient[i] = index >= 0 ? results[pairs[i]].Coefficients[index] : 0;
            }

            for (var i = 0; i < count; i++)
            {
                if (coefficient[i] == 0)
                {
                    continue;
                }

                var (a, b) = spectra.Pairs[pairs[i]];
                var own = Math.Max(0, (PhaseVariance(spectra, pairs[i], a, b, bin) / cells) - stationNoise[a] - stationNoise[b]);
                covariance[i, i] += coefficient[i] * coefficient[i] * own;
                for (var j = 0; j < count; j++)
                {
                    if (coefficient[j] == 0)
                    {
                        continue;
                    }

                    var (c, d) = spectra.Pairs[pairs[j]];
                    var shared = (Sign(a, c, d) * stationNoise[a]) - (Sign(b, c, d) * stationNoise[b]);
                    covariance[i, j] += coefficient[i] * coefficient[j] * shared;
                }
            }
        }

        // The same floor as each pair's σ (PairCorrelator.MinimumSigmaSamples), independent between pairs.
        var floor = Math.Pow(PairCorrelator.MinimumSigmaSamples / spectra.SampleRateHz, 2);
        for (var i = 0; i < count; i++)
        {
            covariance[i, i] = Math.Max(covariance[i, i], 0) + floor;
        }

        return covariance;
    }

    /// <summary>+1 when s is the first receiver of the pair (c, d), −1 when the second, 0 otherwise.</summary>
    private static int Sign(int s, int c, int d) => s == c ? 1 : s == d ? -1 : 0;

    /// <summary>(1 − γ²)/γ² of a pair's bin (its phase variance times 2·T·Δf).</summary>
    private static double PhaseVariance(CrossSpectra spectra, int pair, int a, int b, int bin)
    {
        var magnitude = Complex.Abs(spectra.Cross[pair][bin]);
        var product = spectra.Auto[a][bin] * spectra.Auto[b][bin];
        return magnitude > 0 ? Math.Max(0, product - (magnitude * magnitude)) / (magnitude * magnitude) : double.PositiveInfinity;
    }

    /// <summary>1/SNR of receiver s in a bin (its phase variance times 2·T·Δf), from the three-cornered hat.</summary>
    private static double StationNoise(CrossSpectra spectra, int s, int bin)
    {
        var estimates = new List<double>();
        var n = spectra.Auto.Length;
        for (var b = 0; b < n; b++)
        {
            for (var c = b + 1; c < n; c++)
            {
                if (b == s || c == s)
                {
                    continue;
                }

                var bc = Complex.Abs(spectra.Cross[PairIndex(n, b, c)][bin]);
                if (bc > 0)
                {
                    estimates.Add(Complex.Abs(spectra.Cross[PairIndex(n, Math.Min(s, b), Math.Max(s, b))][bin])
                                  * Complex.Abs(spectra.Cross[PairIndex(n, Math.Min(s, c), Math.Max(s, c))][bin]) / bc);
                }
            }
        }

        if (estimates.Count == 0)
        {
            return 0;
        }

        estimates.Sort();
        var power = spectra.Auto[s][bin];
        var signal = Math.Clamp(estimates[estimates.Count / 2], power * 1e-12, power * (1 - 1e-9));
        return (power - signal) / signal;
    }

    /// <summary>Index of pair (a &lt; b) among n receivers' pairs in <see cref="CrossSpectra.Pairs"/>'s order.</summary>
    public static int PairIndex(int n, int a, int b) => (a * ((2 * n) - a - 1) / 2) + (b - a - 1);
}
