using System.Globalization;
using Heimdall.Localisation.Alignment;
using Heimdall.Localisation.Correlation;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Solving;
using Heimdall.Signal.Timing;

namespace Heimdall.Localisation;

/// <summary>
/// Locates the transmitter that GNSS-timed captures of one signal heard (README.md: the method, its choices and its
/// figures). The steps: captures without a position or a clock are set aside with their reasons; the rest are
/// resampled onto one time grid over their common span; every pair is cross-correlated over the band it shares; the
/// pairs' delays give each receiver's arrival time by least squares; with three or more receivers a likelihood map
/// over latitude and longitude seeds a time-of-arrival least-squares fit on WGS-84, whose covariance (with each
/// receiver's systematic timing error) gives the 95 % ellipse. Pure: no I/O, deterministic.
/// </summary>
public static class Locator
{
    /// <summary>Locates from <paramref name="captures"/> (unique names).</summary>
    public static LocationEstimate Locate(IReadOnlyList<StationCapture> captures, LocatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(captures);
        options ??= LocatorOptions.Default;
        options.Validate();
        if (captures.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"two captures are named '{duplicate.Key}'", nameof(captures));
        }

        var reasons = new Dictionary<int, string>();
        for (var i = 0; i < captures.Count; i++)
        {
            var capture = captures[i];
            if (capture.Position is not { IsValid: true })
            {
                reasons[i] = capture.Position is null ? "its position is unknown" : "its position is not a valid latitude and longitude";
            }
            else if (capture.Clock is null)
            {
                reasons[i] = capture.ClockProblem ?? "it has no GNSS time base";
            }
        }

        var candidates = Enumerable.Range(0, captures.Count).Where(i => !reasons.ContainsKey(i)).ToList();
        var grid = CommonGrid.Align(captures, candidates);
        foreach (var (i, why) in grid.Excluded)
        {
            reasons[i] = why;
        }

        var mode = options.Propagation ?? Propagation.ModeFor(grid.Members.Count > 0 ? grid.CenterFrequencyHz : (captures.Count > 0 ? captures[0].CenterFrequencyHz : 0));
        var propagation = new Propagation(mode, options.PropagationSpeedMps ?? (Propagation.SpeedOfLight / (1 + Propagation.SurfaceRefractivity)));
        var context = new Context(captures, options, propagation, reasons);
        if (grid.Members.Count < 2)
        {
            return context.NotLocated(grid.Members.Count == 1
                ? $"only one usable receiver ({captures[grid.Members[0]].Name}): a delay needs two, a position three"
                : "no usable receiver: none has a position, a GNSS time base and a span in common with another", [], null);
        }

        return Correlate(context, grid);
    }

    private static LocationEstimate Correlate(Context context, CommonGrid.Result grid)
    {
        var captures = context.Captures;
        var members = grid.Members;
        var sites = members.Select(i => new Site(captures[i].Position!)).ToArray();
        var maxDelay = new double[members.Count, members.Count];
        var longest = 0.0;
        for (var a = 0; a < members.Count; a++)
        {
            for (var b = a + 1; b < members.Count; b++)
            {
                maxDelay[a, b] = context.Propagation.Distance(sites[a].Position, sites[b]) / context.Propagation.SpeedMps;
                longest = Math.Max(longest, maxDelay[a, b]);
            }
        }

        var segmentLength = CrossSpectra.ChooseSegmentLength(grid.Length, ((longest * 1.02) + (2 / grid.SampleRateHz)) * grid.SampleRateHz);
        if (grid.Length < segmentLength)
        {
            return context.NotLocated(Invariant($"the captures' common span ({grid.DurationSeconds:0.###} s) is shorter than one correlation segment ({segmentLength} samples) for receivers this far apart"), [], null);
        }

        var spectra = CrossSpectra.Estimate(grid.Samples, segmentLength, grid.SampleRateHz);
        var processing = new ProcessingSummary(
            KiwiGnssClock.ToUtc(grid.StartGpsNanoseconds), grid.DurationSeconds, grid.SampleRateHz, grid.CenterFrequencyHz, segmentLength, spectra.Segments,
            Kebab(context.Options.Weighting.ToString()));
        var results = new PairCorrelator.Result[spectra.Pairs.Length];
        for (var p = 0; p < spectra.Pairs.Length; p++)
        {
            var (a, b) = spectra.Pairs[p];
            var result = PairCorrelator.Correlate(spectra, p, context.Options.Weighting, (maxDelay[a, b] * 1.02) + (2 / grid.SampleRateHz), context.Options.MinimumPeakRatio);
            if (result.Problem is null && Math.Abs(result.DelaySeconds) > maxDelay[a, b] + (3 * result.SigmaSeconds))
            {
                result = result with { Problem = Invariant($"the delay {result.DelaySeconds * 1e6:0.#} µs exceeds what the baseline allows (±{maxDelay[a, b] * 1e6:0.#} µs) by more than 3σ") };
            }

            results[p] = result;
        }

        var usable = Enumerable.Range(0, results.Length).Where(p => results[p].Problem is null).ToList();
        var component = Components.Largest(members.Count, usable.Select(p => spectra.Pairs[p]));
        if (component.Count < 2)
        {
            foreach (var i in members)
            {
                context.Reasons[i] = "no common signal with another receiver (see its pairs)";
            }

            return context.NotLocated("no pair of receivers shares a usable signal", PairReports(context, grid, spectra, results, maxDelay, null, null), processing);
        }

        foreach (var m in Enumerable.Range(0, members.Count).Except(component))
        {
            context.Reasons[members[m]] = "no usable pair with the receivers that were used (see its pairs)";
        }

        var local = component.Select((m, index) => (m, index)).ToDictionary(x => x.m, x => x.index);
        var inComponent = usable.Where(p => local.ContainsKey(spectra.Pairs[p].A) && local.ContainsKey(spectra.Pairs[p].B)).ToList();
        var covariance = DelayCovariance.Compute(spectra, inComponent, results);
        var times = ArrivalTimes.Solve(
            component.Count, inComponent.Select(p => (local[spectra.Pairs[p].A], local[spectra.Pairs[p].B], results[p].DelaySeconds)).ToList(), covariance);
        foreach (var (index, normalised) in times.Rejected)
        {
            var p = inComponent[index];
            results[p] = results[p] with { Problem = Invariant($"inconsistent with the other pairs: its residual is {normalised:0.#}σ (closure)") };
        }

        var used = inComponent.Where((_, index) => !times.Rejected.ContainsKey(index)).ToList();
        var residuals = inComponent.Select((p, index) => (p, index)).ToDictionary(x => x.p, x => times.Residuals[x.index]);
        var pairs = PairReports(context, grid, spectra, results, maxDelay, used, residuals);
        var solve = new SolveInput(context, grid, component, sites, times, pairs, processing, results, spectra, used);
        return component.Count == 2 ? Hyperbola(solve) : Position.Solve(solve);
    }

    /// <summary>Two receivers: the hyperbola of their delay, no point.</summary>
    private static LocationEstimate Hyperbola(SolveInput input)
    {
        var context = input.Context;
        var reason = "two usable receivers: the transmitter lies on the hyperbola of their delay, not at a point; a position needs a third";
        return context.NotLocated(reason, input.Pairs, input.Processing) with
        {
            Status = LocationStatus.Hyperbola,
            Stations = context.StationReports(input.Grid, input.Component, input.Times, null),
            Hyperbolae = context.Options.TraceHyperbolae ? Position.Hyperbolae(input, context.Options.AltitudeM ?? input.Sites.Average(s => s.Position.AltitudeM)) : [],
        };
    }

    private static List<PairMeasurement> PairReports(
        Context context, CommonGrid.Result grid, CrossSpectra spectra, PairCorrelator.Result[] results, double[,] maxDelay,
        IReadOnlyList<int>? used, Dictionary<int, double>? residuals)
    {
        var closures = Closures(spectra, results, used ?? []);
        var reports = new List<PairMeasurement>();
        for (var p = 0; p < results.Length; p++)
        {
            var (a, b) = spectra.Pairs[p];
            var r = results[p];
            var captureA = context.Captures[grid.Members[a]];
            var captureB = context.Captures[grid.Members[b]];
            var isUsed = used?.Contains(p) ?? false;
            reports.Add(new PairMeasurement
            {
                ReceiverA = captureA.Name,
                ReceiverB = captureB.Name,
                ReceiverIdA = captureA.ReceiverId,
                ReceiverIdB = captureB.ReceiverId,
                DelaySeconds = double.IsFinite(r.DelaySeconds) ? r.DelaySeconds : null,
                SigmaSeconds = double.IsFinite(r.SigmaSeconds) ? r.SigmaSeconds : null,
                Used = isUsed,
                Reason = isUsed ? null : r.Problem ?? "one of its receivers is not used",
                Quality = new PairQuality(
                    double.IsFinite(r.CrlbSeconds) ? r.CrlbSeconds : null, r.PeakRatio, r.MeanCoherence, r.BandLowHz, r.BandHighHz, r.BandBins, r.LineBins,
                    maxDelay[a, b], closures.TryGetValue(p, out var closure) ? closure : null,
                    isUsed && residuals is not null && residuals.TryGetValue(p, out var residual) ? residual : null,
                    double.IsFinite(r.DelaySeconds) ? r.Alignment : null),
            });
        }

        return reports;
    }

    /// <summary>Per used pair, the largest |d_ab + d_bc − d_ac| over the triplets whose three pairs are used.</summary>
    private static Dictionary<int, double> Closures(CrossSpectra spectra, PairCorrelator.Result[] results, IReadOnlyList<int> used)
    {
        var n = spectra.Auto.Length;
        var set = used.ToHashSet();
        var closures = new Dictionary<int, double>();
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                for (var c = b + 1; c < n; c++)
                {
                    int ab = DelayCovariance.PairIndex(n, a, b), bc = DelayCovariance.PairIndex(n, b, c), ac = DelayCovariance.PairIndex(n, a, c);
                    if (!set.Contains(ab) || !set.Contains(bc) || !set.Contains(ac))
                    {
                        continue;
                    }

                    var closure = Math.Abs(results[ab].DelaySeconds + results[bc].DelaySeconds - results[ac].DelaySeconds);
                    foreach (var p in new[] { ab, bc, ac })
                    {
                        closures[p] = Math.Max(closures.GetValueOrDefault(p), closure);
                    }
                }
            }
        }

        return closures;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>BandLimited</c> as <c>band-limited</c>.</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>What the position step needs from the correlation step.</summary>
    internal sealed record SolveInput(
        Context Context, CommonGrid.Result Grid, IReadOnlyList<int> Component, Site[] Sites, ArrivalTimes.Result Times, List<PairMeasurement> Pairs,
        ProcessingSummary Processing, PairCorrelator.Result[] Results, CrossSpectra Spectra, IReadOnlyList<int> UsedPairs);
}
