using System.Diagnostics;
using System.Globalization;
using Heimdall.Localisation;
using Heimdall.Localisation.Correlation;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Simulation;
using Heimdall.Localisation.Solving;
using Heimdall.Localisation.Tests;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>localisation-sweep [--trials N] [--seed S] [--dcf77 DIR]</c>: the localisation library's accuracy tables
/// (services/Heimdall.Localisation/README.md): the weightings compared on the real DCF77 set and in simulation, the
/// Monte-Carlo figures per geometry, and the SNR sweep that finds the threshold. Markdown tables on stdout.
/// </summary>
internal static class LocalisationSweep
{
    public static int Run(string[] args)
    {
        var trials = Option(args, "--trials") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 500;
        var seed = Option(args, "--seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 2026;
        var dcf77 = Option(args, "--dcf77") ?? Dcf77Set.Folder();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"# localisation sweep: {trials} trials per case, seed {seed}, FFT {Heimdall.Signal.SignalAnalyzer.FftBackend}\n");
        WeightingsOnDcf77(dcf77);
        WeightingsInSimulation(Math.Max(50, trials / 5), seed);
        Geometries(trials, seed);
        SnrSweep(Math.Max(100, trials / 2), seed);
        Console.WriteLine($"\n({clock.Elapsed.TotalSeconds:0} s)");
        return 0;
    }

    private static void WeightingsOnDcf77(string? folder)
    {
        Console.WriteLine("## Weightings on the DCF77 set (2020-08-13, 3 KiwiSDRs, truth Mainflingen)\n");
        if (folder is null || !Directory.Exists(folder))
        {
            Console.WriteLine($"(skipped: {Dcf77Set.Missing})\n");
            return;
        }

        var captures = Dcf77Set.Captures(folder);
        Console.WriteLine("| weighting | HB9ODP→JO51xl µs | HB9ODP→pa0rdt µs | JO51xl→pa0rdt µs | closure µs | peak ratios | fix error km | 95 % ellipse km | truth inside |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |");
        foreach (var weighting in Enum.GetValues<CorrelationWeighting>())
        {
            // Every pair is kept whatever its peak ratio, so that each weighting shows where its peak is.
            var estimate = Locator.Locate(captures, LocatorOptions.Default with { Weighting = weighting, MinimumPeakRatio = 0 });
            var delays = estimate.Pairs.Select(p => p.DelaySeconds is { } d ? F(d * 1e6, "0.00") : "-").ToList();
            var closure = estimate.Pairs.Count == 3 && estimate.Pairs.All(p => p.DelaySeconds is not null)
                ? F((estimate.Pairs[0].DelaySeconds!.Value + estimate.Pairs[2].DelaySeconds!.Value - estimate.Pairs[1].DelaySeconds!.Value) * 1e6, "0.00") : "-";
            var ratios = string.Join(", ", estimate.Pairs.Select(p => p.Quality.PeakRatio is { } r ? F(r, "0.0") : "–"));
            var (error, inside) = Score(estimate, Dcf77Set.Truth);
            Console.WriteLine($"| {weighting} | {string.Join(" | ", delays)} | {closure} | {ratios} | {error} | {Ellipse(estimate)} | {inside} |");
        }

        Console.WriteLine();
    }

    private static void WeightingsInSimulation(int trials, int seed)
    {
        Console.WriteLine($"## Weightings in simulation ({trials} trials each)\n");
        Console.WriteLine("Delay RMSE/CRLB over every used pair (flat band: 5 receivers, 30 km, 10 dB, 3 kHz of 12 kHz, 1 s); share of pairs within 4σ of the truth with common zero-lag interference (2 receivers 40 km apart, 20 dB in a 500 Hz band, interference white over the band 17 dB below the signal's density, plus two common tones); position error with a carrier 30 dB above a 1 kHz modulation (DCF77-like: 4 receivers 250-450 km away, 77.5 kHz, 15 dB).\n");
        Console.WriteLine("| weighting | flat band: RMSE/CRLB | flat band: coverage | common interference: within 4σ | carrier +30 dB: RMSE/CRLB | carrier +30 dB: position RMSE km |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var settings = new TdoaGeometries.Settings();
        foreach (var weighting in Enum.GetValues<CorrelationWeighting>())
        {
            var options = LocatorOptions.Default with { Weighting = weighting, MinimumPeakRatio = 0, TraceHyperbolae = false, AltitudeSigmaM = settings.AltitudeSigmaM };
            var flat = TdoaMonteCarlo.Run(r => TdoaGeometries.Inside(r, settings), trials, seed, options);
            var within = 0;
            for (var t = 0; t < trials; t++)
            {
                var (captures, truth) = CommonInterference.Generate(seed + t);
                var pair = Locator.Locate(captures, options).Pairs.Single();
                within += pair.DelaySeconds is { } d && pair.SigmaSeconds is { } sigma && Math.Abs(d - truth) < 4 * sigma ? 1 : 0;
            }

            var carrier = TdoaMonteCarlo.Run(
                r => TdoaGeometries.GroundWave(r, settings with { Receivers = 4, BandwidthHz = 1000, SnrDb = 15 }) with { CarrierDb = 30 }, trials, seed,
                options with { PropagationSigmaSeconds = 0 });
            Console.WriteLine(
                $"| {weighting} | {F(flat.DelayRmseOverCrlb, "0.000")} | {F(flat.Coverage * 100, "0.0")} % | {F(100.0 * within / trials, "0")} % | {F(carrier.DelayRmseOverCrlb, "0.00")} | {F(carrier.PositionRmseM / 1000, "0.00")} |");
        }

        Console.WriteLine();
    }

    private static void Geometries(int trials, int seed)
    {
        Console.WriteLine($"## Monte Carlo per geometry ({trials} trials each, seed {seed})\n");
        Console.WriteLine("| geometry | located | pairs | delay RMSE/CRLB | delay RMSE/σ | position RMSE m | bound m | RMSE/bound | 95 % coverage | ambiguous | coverage with alternatives | s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var settings = new TdoaGeometries.Settings();
        var options = LocatorOptions.Default with { TraceHyperbolae = false, AltitudeSigmaM = settings.AltitudeSigmaM };
        var cases = new (string Name, Func<Random, TdoaScenario> Scenario, LocatorOptions Options)[]
        {
            ("inside (5 receivers, 30 km)", r => TdoaGeometries.Inside(r, settings), options),
            ("outside (2-3 radii)", r => TdoaGeometries.Outside(r, settings), options),
            ("nearly collinear (±2 %)", r => TdoaGeometries.Collinear(r, settings), options),
            ("ground wave (4 receivers, 250-450 km, 1 kHz)", r => TdoaGeometries.GroundWave(r, settings with { Receivers = 4, BandwidthHz = 1000 }),
                options with { PropagationSigmaSeconds = 0 }),
        };
        foreach (var (name, scenario, caseOptions) in cases)
        {
            var clock = Stopwatch.StartNew();
            var s = TdoaMonteCarlo.Run(scenario, trials, seed, caseOptions);
            Console.WriteLine(
                $"| {name} | {s.Located}/{s.Trials} | {s.PairSamples} | {F(s.DelayRmseOverCrlb, "0.000")} | {F(s.DelayRmseOverSigma, "0.000")} | {F(s.PositionRmseM, "0")} | {F(s.PositionBoundM, "0")} | {F(s.PositionRmseOverBound, "0.000")} | {F(s.Coverage * 100, "0.0")} % | {s.Ambiguous} | {F(s.CoverageWithAlternatives * 100, "0.0")} % | {clock.Elapsed.TotalSeconds:0} |");
        }

        Console.WriteLine();
    }

    private static void SnrSweep(int trials, int seed)
    {
        Console.WriteLine($"## SNR sweep (2 receivers, 1 s of 3 kHz at 12 kHz, {trials} trials per SNR)\n");
        Console.WriteLine("| in-band SNR dB | pairs used | delay RMSE/CRLB | delay RMSE/σ | CRLB µs |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        var settings = new TdoaGeometries.Settings { Receivers = 2 };
        var options = LocatorOptions.Default with { TraceHyperbolae = false, AltitudeSigmaM = settings.AltitudeSigmaM };
        double? threshold = null;
        for (var snr = -24.0; snr <= 20; snr += 3)
        {
            var s = TdoaMonteCarlo.Run(r => TdoaGeometries.Inside(r, settings with { SnrDb = snr }), trials, seed, options);
            var crlb = TdoaBounds.PairDelay(Math.Pow(10, snr / 10), Math.Pow(10, snr / 10), settings.BandwidthHz, settings.DurationSeconds);
            Console.WriteLine($"| {F(snr, "0")} | {s.PairSamples}/{trials} | {F(s.DelayRmseOverCrlb, "0.00")} | {F(s.DelayRmseOverSigma, "0.00")} | {F(crlb * 1e6, "0.000")} |");
            if (threshold is null && s.PairSamples >= 0.95 * trials && s.DelayRmseOverCrlb <= 1.2)
            {
                threshold = snr;
            }
        }

        Console.WriteLine($"\nthreshold: {(threshold is { } t ? F(t, "0") + " dB in-band SNR (the lowest with ≥ 95 % of pairs used and RMSE/CRLB ≤ 1.2)" : "not reached")}");
    }

    private static (string Error, string Inside) Score(LocationEstimate estimate, GeoPosition truth)
    {
        if (estimate.Latitude is not { } lat || estimate.Longitude is not { } lon || estimate.Covariance is null)
        {
            return ("-", estimate.Status);
        }

        var error = Geodesic.Inverse(truth, new GeoPosition(lat, lon)).Metres;
        var (e, n, _) = new LocalFrame(truth).ToEnu(new GeoPosition(lat, lon));
        return (F(error / 1000, "0.00"), EllipseMath.Mahalanobis(estimate.Covariance, e, n) <= EllipseMath.Chi2Two95 ? "yes" : "no");
    }

    private static string Ellipse(LocationEstimate estimate) =>
        estimate.Ellipse95 is { } e ? $"{F(e.SemiMajorM / 1000, "0.00")} × {F(e.SemiMinorM / 1000, "0.00")} at {F(e.OrientationDeg, "0")}°" : "-";

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
