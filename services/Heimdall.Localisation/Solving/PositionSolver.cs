using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Linear;

namespace Heimdall.Localisation.Solving;

/// <summary>
/// The transmitter's position in the time-of-arrival form: each receiver's arrival time t_i = t₀ + ρ_i(p)/v + δ_i with
/// an unknown emission time t₀, so no difference of correlated measurements is formed. Unknowns east, north, up (in
/// the local frame at the current estimate) and v·t₀, solved by Levenberg–Marquardt on the WGS-84 ellipsoid with the
/// arrival times' full covariance (inverted as the weight) and an altitude pseudo-measurement h = h₀ ± σ_h. Everything
/// is in metres (times multiplied by v) so the normal matrix is well conditioned. The covariance of the solution is
/// the inverse of the normal matrix at the solution.
/// </summary>
internal sealed class PositionSolver
{
    private readonly Propagation _propagation;
    private readonly Site[] _sites;
    private readonly double[] _ranges;
    private readonly double[,] _weight;
    private readonly double _altitude;
    private readonly double _altitudeWeight;
    private readonly double[] _weightedOnes;
    private readonly double _weightSum;

    /// <param name="arrivalSeconds">Arrival times less each receiver's fixed delay (any common offset).</param>
    /// <param name="covariance">Their covariance, s² (positive definite).</param>
    public PositionSolver(Propagation propagation, Site[] sites, double[] arrivalSeconds, double[,] covariance, double altitudeM, double altitudeSigmaM)
    {
        _propagation = propagation;
        _sites = sites;
        var v = propagation.SpeedMps;
        _ranges = arrivalSeconds.Select(t => t * v).ToArray();
        var scaled = new double[sites.Length, sites.Length];
        for (var i = 0; i < sites.Length; i++)
        {
            for (var j = 0; j < sites.Length; j++)
            {
                scaled[i, j] = covariance[i, j] * v * v;
            }
        }

        _weight = Dense.InverseSpd(scaled) ?? throw new ArgumentException("the arrival times' covariance is not positive definite", nameof(covariance));
        _altitude = altitudeM;
        _altitudeWeight = 1 / (altitudeSigmaM * altitudeSigmaM);
        _weightedOnes = Dense.Multiply(_weight, Enumerable.Repeat(1.0, sites.Length).ToArray());
        _weightSum = _weightedOnes.Sum();
    }

    /// <summary>The weight matrix of the ranges, 1/m².</summary>
    public double[,] Weight => _weight;

    /// <summary>The arrival times as ranges, metres.</summary>
    public double[] Ranges => _ranges;

    /// <summary>A solution: the position, its covariance (east, north, up, v·t₀; m²), the cost (χ²) and the residuals (m).</summary>
    public sealed record Solution(GeoPosition Position, double[,] Covariance, double ChiSquare, double[] Residuals, int Iterations, bool Converged);

    /// <summary>−½·χ² of the arrival times at a position (with the best emission time), the likelihood map's value (paths by <see cref="Propagation.MapDistance"/>).</summary>
    public double LogLikelihood(GeoPosition position)
    {
        var n = _sites.Length;
        var e = new double[n];
        for (var i = 0; i < n; i++)
        {
            e[i] = _ranges[i] - _propagation.MapDistance(position, _sites[i]);
        }

        return -0.5 * ProfiledCost(e);
    }

    /// <summary>Refines <paramref name="start"/> until the step is below a millimetre (at most 60 iterations).</summary>
    public Solution Solve(GeoPosition start)
    {
        var position = start with { AltitudeM = _altitude };
        var offset = BestOffset(position);
        var lambda = 1e-3;
        var (cost, _, _, _) = Evaluate(position, offset);
        var iterations = 0;
        var converged = false;
        for (; iterations < 60; iterations++)
        {
            var frame = new LocalFrame(position);
            var (normal, gradient) = Normal(frame, offset);
            var damped = (double[,])normal.Clone();
            for (var i = 0; i < 4; i++)
            {
                damped[i, i] += lambda * normal[i, i];
            }

            var inverse = Dense.InverseSpd(damped);
            if (inverse is null)
            {
                lambda *= 10;
                continue;
            }

            var step = Dense.Multiply(inverse, gradient);
            var candidate = frame.FromEnu(step[0], step[1], step[2]);
            var candidateOffset = offset + step[3];
            var (candidateCost, _, _, _) = Evaluate(candidate, candidateOffset);
            if (candidateCost <= cost)
            {
                (position, offset, cost) = (candidate, candidateOffset, candidateCost);
                lambda = Math.Max(lambda / 10, 1e-9);
                if (Math.Sqrt((step[0] * step[0]) + (step[1] * step[1]) + (step[2] * step[2])) < 1e-3)
                {
                    converged = true;
                    break;
                }
            }
            else
            {
                lambda *= 10;
                if (lambda > 1e12)
                {
                    converged = true;
                    break;
                }
            }
        }

        var (finalNormal, _) = Normal(new LocalFrame(position), offset);
        var covariance = Dense.InverseSpd(finalNormal) ?? new double[4, 4];
        var (finalCost, residuals, _, _) = Evaluate(position, offset);
        return new Solution(position, covariance, finalCost, residuals, iterations, converged && Dense.InverseSpd(finalNormal) is not null);
    }

    /// <summary>Geometric dilution of precision at a position: √trace((GᵀG)⁻¹) with G's rows the unit path gradients and 1 for the emission time (and the altitude row for line of sight, where the height is estimated).</summary>
    public double? Gdop(GeoPosition position)
    {
        var frame = new LocalFrame(position);
        var groundWave = _propagation.Mode == PropagationMode.GroundWave;
        var columns = groundWave ? 3 : 4;
        var rows = _sites.Length + (groundWave ? 0 : 1);
        var g = new double[rows, columns];
        for (var i = 0; i < _sites.Length; i++)
        {
            var (_, de, dn, du) = _propagation.DistanceAndGradient(frame, _sites[i]);
            g[i, 0] = de;
            g[i, 1] = dn;
            if (groundWave)
            {
                g[i, 2] = 1;
            }
            else
            {
                g[i, 2] = du;
                g[i, 3] = 1;
            }
        }

        if (!groundWave)
        {
            g[_sites.Length, 2] = 1;
        }

        var inverse = Dense.InverseSpd(Dense.TransposeTimesWeightedTimes(g, Dense.Identity(rows)));
        if (inverse is null)
        {
            return null;
        }

        double trace = 0;
        for (var i = 0; i < columns; i++)
        {
            trace += inverse[i, i];
        }

        return Math.Sqrt(trace);
    }

    private (double[,] Normal, double[] Gradient) Normal(LocalFrame frame, double offset)
    {
        var n = _sites.Length;
        var jacobian = new double[n, 4];
        var residuals = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (range, de, dn, du) = _propagation.DistanceAndGradient(frame, _sites[i]);
            jacobian[i, 0] = de;
            jacobian[i, 1] = dn;
            jacobian[i, 2] = du;
            jacobian[i, 3] = 1;
            residuals[i] = _ranges[i] - range - offset;
        }

        var normal = Dense.TransposeTimesWeightedTimes(jacobian, _weight);
        var gradient = Dense.TransposeTimesWeightedTimes(jacobian, _weight, residuals);
        normal[2, 2] += _altitudeWeight;
        gradient[2] += _altitudeWeight * (_altitude - frame.Origin.AltitudeM);
        return (normal, gradient);
    }

    private (double Cost, double[] Residuals, double AltitudeResidual, double Offset) Evaluate(GeoPosition position, double offset)
    {
        var n = _sites.Length;
        var residuals = new double[n];
        for (var i = 0; i < n; i++)
        {
            residuals[i] = _ranges[i] - _propagation.Distance(position, _sites[i]) - offset;
        }

        var altitude = _altitude - position.AltitudeM;
        return (Dense.Quadratic(_weight, residuals) + (altitude * altitude * _altitudeWeight), residuals, altitude, offset);
    }

    /// <summary>The emission offset (v·t₀) that best fits the arrival times at a position.</summary>
    private double BestOffset(GeoPosition position)
    {
        var n = _sites.Length;
        var e = new double[n];
        for (var i = 0; i < n; i++)
        {
            e[i] = _ranges[i] - _propagation.Distance(position, _sites[i]);
        }

        return e.Select((x, i) => x * _weightedOnes[i]).Sum() / _weightSum;
    }

    /// <summary>min over t₀ of (e − t₀·1)ᵀ·W·(e − t₀·1) = eᵀWe − (1ᵀWe)²/(1ᵀW1).</summary>
    private double ProfiledCost(double[] e)
    {
        var projection = e.Select((x, i) => x * _weightedOnes[i]).Sum();
        return Dense.Quadratic(_weight, e) - (projection * projection / _weightSum);
    }
}
