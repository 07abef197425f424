using System.Globalization;
using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Power;

/// <summary>
/// A power-based region: where a transmitter can be, at a confidence level, from the calibrated powers of receivers
/// without time stamps (rtl_tcp, SpyServer, OpenWebRX), under the log-distance model of <see cref="PathLossModel"/>.
/// <para>
/// Method. Each receiver's variance is <c>σ_i² = σ² + s_i²</c> (shadowing and its measurement's own uncertainty),
/// <c>w_i = 1/σ_i²</c>. For a candidate position x, <c>g_i(x) = P_i + 10·n·log10 d_i(x)</c> would all equal <c>A</c>
/// but for the noise; <c>Â(x)</c> is their weighted mean and <c>S(x) = Σ w_i (g_i(x) − Â(x))²</c>. At the true
/// position, <c>g_i − A</c> are the independent Gaussian errors, so <c>S</c> is exactly χ² with N − 1 degrees of freedom
/// (one lost to <c>Â</c>), whatever the geometry. The region is every grid cell whose centre has
/// <c>S ≤ χ²_{N−1}(confidence)</c>: the positions the powers do not reject, a test inverted, so it holds the transmitter
/// with exactly the stated probability when the model holds (no large-sample approximation, unlike a likelihood-ratio
/// region over a nonlinear model), up to the cell size. When the powers fit no cell, the region is empty and says so:
/// the model, a calibration or a receiver is wrong, and the estimator does not pretend otherwise.
/// </para>
/// Pure: no I/O; the caller gives each receiver's <c>power_dbm</c> and <c>power_sigma_db</c>.
/// </summary>
public static class PowerRegion
{
    public static PowerRegionEstimate Estimate(IReadOnlyList<PowerObservation> observations, PathLossModel? model = null, PowerRegionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        model ??= PathLossModel.Default;
        options ??= PowerRegionOptions.Default;
        if (model.Problems() is { Count: > 0 } modelProblems)
        {
            throw new ArgumentException(string.Join(" ", modelProblems), nameof(model));
        }

        if (options.Problems() is { Count: > 0 } optionProblems)
        {
            throw new ArgumentException(string.Join(" ", optionProblems), nameof(options));
        }

        var stations = observations.Select(o => Station(o)).ToList();
        var used = observations.Where((_, i) => stations[i].Used).ToList();
        if (used.Count < PowerRegionOptions.MinimumReceivers)
        {
            return new PowerRegionEstimate
            {
                Status = PowerRegionStatus.Insufficient,
                Reason = Invariant($"{used.Count} receiver(s) with a calibrated power; a power-based region needs at least {PowerRegionOptions.MinimumReceivers}."),
                ConfidenceLevel = options.ConfidenceLevel,
                Model = model,
                Stations = stations,
            };
        }

        var grid = GridAround(used, options);
        var k = used.Count - 1;
        var threshold = ChiSquareDistribution.Quantile(k, options.ConfidenceLevel);
        var positions = used.Select(o => grid.Enu(o.Position)).ToArray();
        var weights = used.Select(o => 1 / ((model.ShadowingSigmaDb * model.ShadowingSigmaDb) + (o.PowerSigmaDb * o.PowerSigmaDb))).ToArray();
        var powers = used.Select(o => o.PowerDbm!.Value).ToArray();
        var weightSum = weights.Sum();
        var g = new double[used.Count];
        var statistics = new double[grid.Rows, grid.Columns];
        var references = new double[grid.Rows, grid.Columns];
        var minimum = double.PositiveInfinity;
        for (var row = 0; row < grid.Rows; row++)
        {
            for (var column = 0; column < grid.Columns; column++)
            {
                var (e, n) = grid.CentreEnu(row, column);
                var mean = 0.0;
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] = powers[i] + model.LossDb(Math.Sqrt(Square(e - positions[i].E) + Square(n - positions[i].N)));
                    mean += weights[i] * g[i];
                }

                mean /= weightSum;
                var statistic = 0.0;
                for (var i = 0; i < g.Length; i++)
                {
                    statistic += weights[i] * Square(g[i] - mean);
                }

                (statistics[row, column], references[row, column]) = (statistic, mean);
                minimum = Math.Min(minimum, statistic);
            }
        }

        // The likelihood-ratio form: the statistic less its minimum against χ²₂ (two position coordinates).
        var likelihoodRatio = options.Method == PowerRegionMethod.LikelihoodRatio;
        if (likelihoodRatio)
        {
            threshold = ChiSquareDistribution.Quantile(2, options.ConfidenceLevel);
        }

        var cells = new List<RegionCell>();
        var bounded = true;
        for (var row = 0; row < grid.Rows; row++)
        {
            for (var column = 0; column < grid.Columns; column++)
            {
                if (statistics[row, column] - (likelihoodRatio ? minimum : 0) <= threshold)
                {
                    var centre = grid.Centre(row, column);
                    cells.Add(new RegionCell(row, column, centre.Latitude, centre.Longitude, statistics[row, column], references[row, column]));
                    bounded &= row > 0 && column > 0 && row < grid.Rows - 1 && column < grid.Columns - 1;
                }
            }
        }

        var warnings = new List<string>
        {
            Invariant($"power-based: a region from received powers under a log-distance model (exponent {model.Exponent}, shadowing σ {model.ShadowingSigmaDb} dB); it is as right as the model and the receivers' calibrations, and never a fix."),
        };
        if (cells.Count > 0 && !bounded)
        {
            warnings.Add("the region reaches the edge of the grid and goes on beyond it: the powers do not close it (a transmitter outside the network, or too few receivers around it).");
        }

        var estimate = new PowerRegionEstimate
        {
            Status = cells.Count > 0 ? PowerRegionStatus.Region : PowerRegionStatus.Empty,
            Reason = cells.Count > 0 ? null : Invariant(
                $"no position fits the powers: the smallest statistic is {minimum:0.#} against {threshold:0.#} (χ² with {k} degrees of freedom at {options.ConfidenceLevel:0.###}); a calibration, a receiver or the model (exponent, shadowing σ) is wrong."),
            ConfidenceLevel = options.ConfidenceLevel,
            Model = model,
            Threshold = threshold,
            DegreesOfFreedom = likelihoodRatio ? 2 : k,
            MinimumStatistic = minimum,
            Grid = grid,
            Cells = cells,
            AreaKm2 = cells.Count * grid.CellM * grid.CellM / 1e6,
            Bounded = cells.Count > 0 && bounded,
            ReferencePowerDbm = cells.Count > 0 ? new PowerRange(cells.Min(c => c.ReferencePowerDbm), cells.Max(c => c.ReferencePowerDbm)) : null,
            Stations = stations,
            Warnings = warnings,
        };
        return estimate;
    }

    /// <summary>True when the cell holding <paramref name="position"/> is in the region.</summary>
    public static bool Holds(PowerRegionEstimate estimate, GeoPosition position)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return estimate.Grid?.CellOf(position) is { } cell && estimate.Cells.Any(c => c.Row == cell.Row && c.Column == cell.Column);
    }

    private static PowerStation Station(PowerObservation o)
    {
        string? reason = null;
        if (!o.Position.IsValid)
        {
            reason = "no valid position";
        }
        else if (o.PowerDbm is not { } power)
        {
            reason = "no calibrated power (the receiver has no calibration_db, or no power was measured)";
        }
        else if (!double.IsFinite(power) || !(o.PowerSigmaDb is >= 0 and < 100))
        {
            reason = Invariant($"power {power} dBm ± {o.PowerSigmaDb} dB is not a finite measurement");
        }

        return new PowerStation(o.Name, o.Position.Latitude, o.Position.Longitude, o.PowerDbm, o.PowerSigmaDb, reason is null, reason);
    }

    /// <summary>A square grid over the receivers' bounding box in the local plane of their centroid, with the margin of <paramref name="options"/>.</summary>
    private static PowerRegionGrid GridAround(IReadOnlyList<PowerObservation> used, PowerRegionOptions options)
    {
        var origin = new GeoPosition(used.Average(o => o.Position.Latitude), used.Average(o => o.Position.Longitude));
        var probe = new PowerRegionGrid(origin, 0, 0, 1, 1, 1);
        var enu = used.Select(o => probe.Enu(o.Position)).ToList();
        var (west, east, south, north) = (enu.Min(p => p.E), enu.Max(p => p.E), enu.Min(p => p.N), enu.Max(p => p.N));
        var span = Math.Max(east - west, north - south);
        var side = span + (2 * Math.Max(options.MarginFraction * span, options.MinimumMarginM));
        var cell = side / options.CellsPerSide;
        var (centreE, centreN) = ((west + east) / 2, (south + north) / 2);
        return new PowerRegionGrid(origin, centreE - (side / 2), centreN - (side / 2), cell, options.CellsPerSide, options.CellsPerSide);
    }

    private static double Square(double x) => x * x;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
