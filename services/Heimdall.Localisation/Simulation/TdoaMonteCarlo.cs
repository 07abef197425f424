using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Solving;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// Runs the locator on simulated scenarios with known truth and compares: each used pair's delay error with the pair's
/// Cramér–Rao bound and with the σ it reported; the position's error with the position bound; and whether the truth
/// lies inside the reported 95 % ellipse. Trial i draws its scenario and its captures from seed + i, so a run is
/// reproducible trial by trial.
/// </summary>
public static class TdoaMonteCarlo
{
    /// <summary>One used pair of one trial: the delay's error, the σ reported and the bound (seconds).</summary>
    public sealed record PairSample(double ErrorSeconds, double SigmaSeconds, double CrlbSeconds);

    /// <summary>
    /// One trial: its status, the horizontal error (m), the squared Mahalanobis distance of the truth under the reported
    /// covariance, the bound's trace (m²), how many alternative positions were reported and whether the truth lies in
    /// one of their ellipses.
    /// </summary>
    public sealed record Trial(
        string Status, double? ErrorEastM, double? ErrorNorthM, double? Mahalanobis, double? BoundTraceM2, int Alternatives, bool InAlternative,
        IReadOnlyList<PairSample> Pairs);

    /// <summary>What a run gave.</summary>
    /// <param name="DelayRmseOverCrlb">√(mean (error/bound)²) over every used pair of every trial.</param>
    /// <param name="DelayRmseOverSigma">√(mean (error/σ reported)²).</param>
    /// <param name="PositionRmseOverBound">√(mean error²) over √(mean trace of the bound), over the located trials.</param>
    /// <param name="Coverage">Share of located trials whose truth lies in the reported 95 % ellipse.</param>
    /// <param name="Ambiguous">Located trials that reported an alternative position.</param>
    /// <param name="CoverageWithAlternatives">Share whose truth lies in the ellipse or in an alternative's.</param>
    public sealed record Summary(
        int Trials, int Located, int PairSamples, double DelayRmseOverCrlb, double DelayRmseOverSigma, double PositionRmseM, double PositionBoundM,
        double PositionRmseOverBound, double Coverage, int Covered, int Ambiguous, double CoverageWithAlternatives, IReadOnlyList<Trial> Details);

    /// <summary>Runs <paramref name="trials"/> trials of the scenarios <paramref name="scenario"/> draws.</summary>
    public static Summary Run(Func<Random, TdoaScenario> scenario, int trials, int seed, LocatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= LocatorOptions.Default with { TraceHyperbolae = false };
        var details = new List<Trial>(trials);
        for (var t = 0; t < trials; t++)
        {
            details.Add(RunTrial(scenario(new Random(unchecked(seed + (t * 7919)))), unchecked(seed + t), options));
        }

        var pairs = details.SelectMany(d => d.Pairs).ToList();
        var located = details.Where(d => d.Status == LocationStatus.Located && d.ErrorEastM is not null).ToList();
        var squared = located.Select(d => (d.ErrorEastM!.Value * d.ErrorEastM.Value) + (d.ErrorNorthM!.Value * d.ErrorNorthM.Value)).ToList();
        var rmse = squared.Count > 0 ? Math.Sqrt(squared.Average()) : double.NaN;
        var bound = located.Count > 0 ? Math.Sqrt(located.Average(d => d.BoundTraceM2 ?? double.NaN)) : double.NaN;
        var covered = located.Count(d => d.Mahalanobis <= EllipseMath.Chi2Two95);
        var either = located.Count(d => d.Mahalanobis <= EllipseMath.Chi2Two95 || d.InAlternative);
        return new Summary(
            trials, located.Count, pairs.Count,
            pairs.Count > 0 ? Math.Sqrt(pairs.Average(p => Math.Pow(p.ErrorSeconds / p.CrlbSeconds, 2))) : double.NaN,
            pairs.Count > 0 ? Math.Sqrt(pairs.Average(p => Math.Pow(p.ErrorSeconds / p.SigmaSeconds, 2))) : double.NaN,
            rmse, bound, rmse / bound, located.Count > 0 ? covered / (double)located.Count : double.NaN, covered, located.Count(d => d.Alternatives > 0),
            located.Count > 0 ? either / (double)located.Count : double.NaN, details);
    }

    /// <summary>One trial: simulate, locate, compare.</summary>
    public static Trial RunTrial(TdoaScenario scenario, int seed, LocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var mode = options.Propagation ?? Propagation.ModeFor(scenario.CenterFrequencyHz);
        var propagation = new Propagation(mode, options.PropagationSpeedMps ?? (Propagation.SpeedOfLight / (1 + Propagation.SurfaceRefractivity)));
        var simulated = TdoaSimulator.Generate(scenario, propagation, seed);
        var estimate = Locator.Locate(simulated.Captures, options);
        var names = scenario.Receivers.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var snrs = scenario.Receivers.Select(r => Math.Pow(10, r.SnrDb / 10)).ToArray();
        var duration = estimate.Processing?.OverlapSeconds ?? scenario.DurationSeconds;
        var pairs = estimate.Pairs.Where(p => p.Used && p.DelaySeconds is not null && p.SigmaSeconds is not null).Select(p =>
        {
            int a = names[p.ReceiverA], b = names[p.ReceiverB];
            var truth = simulated.ArrivalSeconds[b] - simulated.ArrivalSeconds[a];
            return new PairSample(p.DelaySeconds!.Value - truth, p.SigmaSeconds!.Value, TdoaBounds.PairDelay(snrs[a], snrs[b], scenario.BandwidthHz, duration));
        }).ToList();
        if (estimate.Status != LocationStatus.Located || estimate.Latitude is null || estimate.Covariance is null)
        {
            return new Trial(estimate.Status, null, null, null, null, 0, false, pairs);
        }

        var frame = new LocalFrame(scenario.Transmitter);
        var (east, north, _) = frame.ToEnu(new GeoPosition(estimate.Latitude.Value, estimate.Longitude!.Value, estimate.AltitudeM ?? 0));
        var used = estimate.Stations.Where(s => s.Used).Select(s => names[s.Name]).ToArray();
        var times = TdoaBounds.ArrivalTimes(used.Select(i => snrs[i]).ToArray(), scenario.BandwidthHz, duration);
        var stamps = Math.Max(2, (int)(scenario.DurationSeconds * scenario.SampleRateHz / scenario.StampInterval));
        var systematic = used.Select(i => Math.Sqrt(Math.Pow(scenario.Receivers[i].TimingSigmaSeconds, 2) + (Math.Pow(scenario.StampJitterSeconds, 2) / stamps))).ToArray();
        var altitudeSigma = options.AltitudeSigmaM ?? LocatorOptions.LineOfSightAltitudeSigmaM;
        var bound = TdoaBounds.Position(propagation, scenario.Transmitter, used.Select(i => scenario.Receivers[i].Position).ToList(), times, systematic, altitudeSigma);
        var inAlternative = estimate.Alternatives.Any(a =>
        {
            var (ae, an, _) = frame.ToEnu(new GeoPosition(a.Latitude, a.Longitude, estimate.AltitudeM ?? 0));
            return EllipseMath.Mahalanobis(a.Covariance, ae, an) <= EllipseMath.Chi2Two95;
        });
        return new Trial(
            estimate.Status, east, north, EllipseMath.Mahalanobis(estimate.Covariance, east, north), bound.EastEast + bound.NorthNorth, estimate.Alternatives.Count,
            inAlternative, pairs);
    }
}
