using System.Numerics;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Linear;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// Cramér–Rao bounds of a simulated scenario, from its true parameters (not from anything the locator estimates):
/// <list type="bullet">
/// <item>a pair's delay: 1/σ² = 2·T·∫(2π(f − f̄))²·γ²/(1 − γ²) df over the flat band B, with the true coherence
/// γ² = S_a·S_b/((1 + S_a)(1 + S_b)) of in-band SNRs S: 2·T·(2π)²·B³/12·γ²/(1 − γ²);</item>
/// <item>all receivers' arrival times jointly: per frequency cell the captures are complex Gaussian with covariance
/// R = a·aᴴ + diag(1/S_k) (unit signal, gains folded into the SNRs), a_k = e^(jψ_k); the Fisher information of the
/// phases ψ is tr(R⁻¹·∂R/∂ψ_k·R⁻¹·∂R/∂ψ_l), and with ψ_k = φ_k − 2πf·τ_k (an unknown oscillator phase φ_k per receiver)
/// the information of the times after the phases are eliminated is (2π)²·T·B·B²/12 times it (T·B cells, frequency
/// variance B²/12); its pseudo-inverse plus each receiver's true systematic variance is the times' bound;</item>
/// <item>the position: the times' bound carried through the time-of-arrival model's Jacobian at the true position,
/// with the altitude constraint, as the locator's own fit does.</item>
/// </list>
/// </summary>
public static class TdoaBounds
{
    /// <summary>The bound of a pair's delay, seconds (1σ).</summary>
    public static double PairDelay(double snrA, double snrB, double bandwidthHz, double durationSeconds)
    {
        var coherence = snrA * snrB / ((1 + snrA) * (1 + snrB));
        var information = 2 * durationSeconds * Math.Pow(2 * Math.PI, 2) * Math.Pow(bandwidthHz, 3) / 12 * coherence / (1 - coherence);
        return 1 / Math.Sqrt(information);
    }

    /// <summary>The bound of the arrival times' covariance (s²) of receivers with in-band SNRs <paramref name="snrs"/> (linear), any common offset free.</summary>
    public static double[,] ArrivalTimes(double[] snrs, double bandwidthHz, double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(snrs);
        var n = snrs.Length;
        var r = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                r[i, j] = i == j ? 1 + (1 / snrs[i]) : 1;
            }
        }

        var inverse = ComplexInverse(r);
        var information = new double[n, n];
        var scale = Math.Pow(2 * Math.PI, 2) * durationSeconds * Math.Pow(bandwidthHz, 3) / 12;
        for (var k = 0; k < n; k++)
        {
            for (var l = 0; l < n; l++)
            {
                information[k, l] = scale * Trace(inverse, Derivative(n, k), Derivative(n, l)).Real;
            }
        }

        // The common offset is not observable: fill that direction, invert, and take it out again (centring).
        double trace = 0;
        for (var i = 0; i < n; i++)
        {
            trace += information[i, i];
        }

        var filled = (double[,])information.Clone();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                filled[i, j] += trace / n / n;
            }
        }

        var covariance = Dense.InverseSpd(filled) ?? throw new InvalidOperationException("singular information");
        return Dense.Centre(covariance);
    }

    /// <summary>The bound of the horizontal position's covariance (m²: east-east, east-north, north-north) at <paramref name="transmitter"/>.</summary>
    public static (double EastEast, double EastNorth, double NorthNorth) Position(
        Propagation propagation, GeoPosition transmitter, IReadOnlyList<GeoPosition> receivers, double[,] arrivalCovariance, double[] systematicSigmas, double altitudeSigmaM)
    {
        ArgumentNullException.ThrowIfNull(propagation);
        ArgumentNullException.ThrowIfNull(receivers);
        ArgumentNullException.ThrowIfNull(arrivalCovariance);
        ArgumentNullException.ThrowIfNull(systematicSigmas);
        var n = receivers.Count;
        var v = propagation.SpeedMps;
        var covariance = new double[n, n];
        double trace = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                covariance[i, j] = arrivalCovariance[i, j] * v * v;
            }

            covariance[i, i] += systematicSigmas[i] * systematicSigmas[i] * v * v;
            trace += covariance[i, i];
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                covariance[i, j] += trace / n;
            }
        }

        var frame = new LocalFrame(transmitter);
        var jacobian = new double[n, 4];
        for (var i = 0; i < n; i++)
        {
            var (_, de, dn, du) = propagation.DistanceAndGradient(frame, new Site(receivers[i]));
            jacobian[i, 0] = de;
            jacobian[i, 1] = dn;
            jacobian[i, 2] = du;
            jacobian[i, 3] = 1;
        }

        var weight = Dense.InverseSpd(covariance) ?? throw new InvalidOperationException("singular covariance");
        var normal = Dense.TransposeTimesWeightedTimes(jacobian, weight);
        normal[2, 2] += 1 / (altitudeSigmaM * altitudeSigmaM);
        var bound = Dense.InverseSpd(normal) ?? throw new InvalidOperationException("the geometry does not determine a position");
        return (bound[0, 0], bound[0, 1], bound[1, 1]);
    }

    /// <summary>∂R/∂ψ_k for R = a·aᴴ + D at a = 1 (the phases enter only through a): j·(e_k·1ᵀ − 1·e_kᵀ).</summary>
    private static Complex[,] Derivative(int n, int k)
    {
        var d = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            d[k, i] += Complex.ImaginaryOne;
            d[i, k] -= Complex.ImaginaryOne;
        }

        return d;
    }

    /// <summary>tr(R⁻¹·A·R⁻¹·B).</summary>
    private static Complex Trace(Complex[,] inverse, Complex[,] a, Complex[,] b)
    {
        var left = Multiply(inverse, a);
        var right = Multiply(inverse, b);
        var n = inverse.GetLength(0);
        var sum = Complex.Zero;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                sum += left[i, j] * right[j, i];
            }
        }

        return sum;
    }

    private static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        var n = a.GetLength(0);
        var c = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
            {
                for (var j = 0; j < n; j++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }

        return c;
    }

    /// <summary>Gauss–Jordan inverse of a small complex matrix (Hermitian positive definite here).</summary>
    private static Complex[,] ComplexInverse(Complex[,] a)
    {
        var n = a.GetLength(0);
        var m = (Complex[,])a.Clone();
        var inverse = new Complex[n, n];
        for (var i = 0; i < n; i++)
        {
            inverse[i, i] = 1;
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => m[r, col].Magnitude);
            for (var j = 0; j < n; j++)
            {
                (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
                (inverse[col, j], inverse[pivot, j]) = (inverse[pivot, j], inverse[col, j]);
            }

            var diagonal = m[col, col];
            for (var j = 0; j < n; j++)
            {
                m[col, j] /= diagonal;
                inverse[col, j] /= diagonal;
            }

            for (var r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var factor = m[r, col];
                for (var j = 0; j < n; j++)
                {
                    m[r, j] -= factor * m[col, j];
                    inverse[r, j] -= factor * inverse[col, j];
                }
            }
        }

        return inverse;
    }
}
