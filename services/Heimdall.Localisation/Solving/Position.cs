using System.Globalization;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Linear;
using Heimdall.Localisation.Output;

namespace Heimdall.Localisation.Solving;

/// <summary>
/// Three or more receivers: the arrival times (with each receiver's systematic error added to their covariance) are
/// fitted for a position; the best of the likelihood map's seeds after refinement is the estimate, its covariance
/// gives the ellipse (scaled up when the fit's χ² rejects the model at 1 %), and the geometry is checked.
/// </summary>
internal static class Position
{
    /// <summary>GDOP above which the geometry is called poor.</summary>
    public const double PoorGdop = 10;

    public static LocationEstimate Solve(Locator.SolveInput input)
    {
        var context = input.Context;
        var component = input.Component;
        var n = component.Count;
        var captures = component.Select(m => context.Captures[input.Grid.Members[m]]).ToArray();
        var sites = component.Select(m => input.Sites[m]).ToArray();
        var arrivals = component.Select((_, l) => input.Times.Times[l] - captures[l].FixedDelaySeconds).ToArray();
        var covariance = ArrivalCovariance(input.Times.Covariance, captures.Select(context.SystematicSigma).ToArray());
        var groundWave = context.Propagation.Mode == PropagationMode.GroundWave;
        var altitude = context.Options.AltitudeM ?? (groundWave ? 0 : sites.Average(s => s.Position.AltitudeM));
        var altitudeSigma = context.Options.AltitudeSigmaM ?? LocatorOptions.LineOfSightAltitudeSigmaM;
        var solver = new PositionSolver(context.Propagation, sites, arrivals, covariance, altitude, altitudeSigma);
        var (map, seeds, onEdge) = MapSearch.Search(solver, sites, altitude, context.Options.Seeds);
        var solutions = seeds.Select(solver.Solve).Where(s => s.Converged).OrderBy(s => s.ChiSquare).ToList();
        var hyperbolae = context.Options.TraceHyperbolae ? Hyperbolae(input, altitude) : [];
        if (solutions.Count == 0)
        {
            return context.NotLocated("the position fit did not converge from any of the likelihood map's maxima", input.Pairs, input.Processing) with
            {
                Stations = context.StationReports(input.Grid, component, input.Times, null),
                Hyperbolae = hyperbolae,
                HeatMap = map,
            };
        }

        var best = solutions[0];
        var warnings = new List<string>();
        var dof = n - 3;
        var scale = 1.0;
        if (dof >= 1 && best.ChiSquare > ChiSquareQuantile99(dof))
        {
            scale = best.ChiSquare / dof;
            warnings.Add(Invariant($"the arrival times disagree with the model more than their uncertainties allow (χ² = {best.ChiSquare:0.#} for {dof} degree(s) of freedom, above the 99 % point): the ellipse is widened by √(χ²/dof) = {Math.Sqrt(scale):0.##}."));
        }

        var horizontal = new HorizontalCovariance(best.Covariance[0, 0] * scale, best.Covariance[0, 1] * scale, best.Covariance[1, 1] * scale);
        var gdop = solver.Gdop(best.Position);
        var alternatives = new List<AlternativePosition>();
        var frame = new LocalFrame(best.Position);
        foreach (var other in solutions.Skip(1))
        {
            var (e, nn, _) = frame.ToEnu(other.Position);
            var distinct = alternatives.All(a => Math.Abs(a.Latitude - other.Position.Latitude) + Math.Abs(a.Longitude - other.Position.Longitude) > 1e-6);
            if (distinct && EllipseMath.Mahalanobis(horizontal, e, nn) > EllipseMath.Chi2Two95 && other.ChiSquare - best.ChiSquare < 4)
            {
                var covariance2 = new HorizontalCovariance(other.Covariance[0, 0] * scale, other.Covariance[0, 1] * scale, other.Covariance[1, 1] * scale);
                alternatives.Add(new AlternativePosition(other.Position.Latitude, other.Position.Longitude, EllipseMath.Ellipse95(covariance2), covariance2, other.ChiSquare));
                warnings.Add(Invariant($"ambiguous: another position ({other.Position.Latitude:0.####}, {other.Position.Longitude:0.####}) fits the arrival times almost as well (χ² {other.ChiSquare:0.##} against {best.ChiSquare:0.##}); see alternatives."));
            }
        }

        warnings.AddRange(Geometry(sites, best.Position, gdop));
        if (onEdge)
        {
            warnings.Add("the likelihood's maximum lies on the edge of the searched area: the transmitter may lie beyond it.");
        }

        var v = context.Propagation.SpeedMps;
        return new LocationEstimate
        {
            Status = LocationStatus.Located,
            Latitude = best.Position.Latitude,
            Longitude = best.Position.Longitude,
            AltitudeM = best.Position.AltitudeM,
            Ellipse95 = EllipseMath.Ellipse95(horizontal),
            Covariance = horizontal,
            Gdop = gdop,
            Propagation = context.Propagation.Name,
            PropagationSpeedMps = v,
            Pairs = input.Pairs,
            Stations = context.StationReports(input.Grid, component, input.Times, best.Residuals.Select(r => r / v).ToArray()),
            Method = Context.Method,
            Processing = input.Processing,
            Fit = new FitSummary(best.ChiSquare, dof, scale, best.Iterations),
            Alternatives = alternatives,
            Warnings = warnings,
            Hyperbolae = hyperbolae,
            HeatMap = map,
        };
    }

    /// <summary>
    /// The arrival times' covariance for the position fit: the times' own (from the pairs; any common offset is free,
    /// so it is centred) plus each receiver's systematic variance, plus a multiple of 11ᵀ that only the emission time
    /// sees (it makes the matrix invertible without changing the position).
    /// </summary>
    private static double[,] ArrivalCovariance(double[,] times, double[] systematic)
    {
        var n = systematic.Length;
        var centred = Dense.Centre(times);
        double trace = 0;
        for (var i = 0; i < n; i++)
        {
            centred[i, i] += systematic[i] * systematic[i];
            trace += centred[i, i];
        }

        var common = Math.Max(trace / n, 1e-18);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                centred[i, j] += common;
            }
        }

        return centred;
    }

    /// <summary>Warnings about where the receivers are and where the estimate is.</summary>
    private static List<string> Geometry(Site[] sites, GeoPosition estimate, double? gdop)
    {
        var warnings = new List<string>();
        var centre = new GeoPosition(sites.Average(s => s.Position.Latitude), sites.Average(s => s.Position.Longitude), 0);
        var frame = new LocalFrame(centre);
        var points = sites.Select(s => frame.ToEnu(s.Position)).ToArray();
        double see = 0, sen = 0, snn = 0;
        foreach (var (e, n, _) in points)
        {
            see += e * e;
            sen += e * n;
            snn += n * n;
        }

        var mean = (see + snn) / 2;
        var radius = Math.Sqrt((((see - snn) / 2) * ((see - snn) / 2)) + (sen * sen));
        var across = Math.Sqrt(Math.Max(0, mean - radius) / (mean + radius));
        if (across < 0.1)
        {
            warnings.Add(Invariant($"the receivers are nearly collinear (their spread across the line is {across:P0} of that along it): positions mirrored across the line fit almost equally well, and the fix is weak along it."));
        }

        var spread = points.Max(p => Math.Sqrt((p.E * p.E) + (p.N * p.N)));
        var (ee, en, _) = frame.ToEnu(estimate);
        var distance = Math.Sqrt((ee * ee) + (en * en));
        if (distance > 1.5 * spread)
        {
            warnings.Add(Invariant($"the estimate is outside the network ({distance / 1000:0} km from its centre, whose receivers lie within {spread / 1000:0} km of it): the distance along the direction to the network is poorly determined."));
        }

        if (gdop is null or > PoorGdop)
        {
            warnings.Add(gdop is null ? "the geometry does not determine a position (GDOP undefined)." : Invariant($"poor geometry: GDOP {gdop:0.#}."));
        }

        return warnings;
    }

    /// <summary>Each used pair's hyperbola at the altitude constraint's height.</summary>
    public static IReadOnlyList<Hyperbola> Hyperbolae(Locator.SolveInput input, double altitudeM)
    {
        var context = input.Context;
        var reach = 3 * Math.Max(200e3, input.Sites.SelectMany(a => input.Sites.Select(b => context.Propagation.Distance(a.Position, b))).Max());
        var lines = new List<Hyperbola>();
        foreach (var p in input.UsedPairs)
        {
            var (a, b) = input.Spectra.Pairs[p];
            var captureA = context.Captures[input.Grid.Members[a]];
            var captureB = context.Captures[input.Grid.Members[b]];
            var delay = input.Results[p].DelaySeconds;
            var target = context.Propagation.SpeedMps * (delay - captureB.FixedDelaySeconds + captureA.FixedDelaySeconds);
            lines.Add(new Hyperbola(captureA.Name, captureB.Name, delay, HyperbolaTracer.Trace(context.Propagation, input.Sites[a], input.Sites[b], target, altitudeM, reach)));
        }

        return lines;
    }

    /// <summary>The 99 % point of χ² with k degrees of freedom (Wilson–Hilferty; within 1 % of the exact value for k ≥ 1).</summary>
    public static double ChiSquareQuantile99(int k)
    {
        const double z = 2.326347874;
        var c = 2.0 / (9 * k);
        var q = 1 - c + (z * Math.Sqrt(c));
        return k * q * q * q;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
