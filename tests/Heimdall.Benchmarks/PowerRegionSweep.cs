using System.Diagnostics;
using System.Globalization;
using Heimdall.Localisation.Power;
using Heimdall.Localisation.Simulation;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>power-region [TRIALS] [SEED]</c>: the power-based region's coverage of the truth over seeded simulated trials on
/// the seeded network (seven receivers, transmitter uniform over their box, A uniform 20–50 dBm, 0.5 dB measurement
/// uncertainty), for both methods at 95 % and 68 %, at the default grid (250 cells a side); then with the model wrong
/// (true exponent 3.5 or 2.5, shadowing 10 dB, against the assumed 3.0 and 8 dB) to show what a wrong model costs; and the
/// time per region. Prints one JSON line per case.
/// </summary>
internal static class PowerRegionSweep
{
    public static int Run(string[] args)
    {
        var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2026;
        var network = PowerSimulation.SeededNetwork;
        var cases = new List<(string Name, PathLossModel Truth, PowerRegionOptions Options)>
        {
            ("goodness-of-fit 95 %", PathLossModel.Default, PowerRegionOptions.Default),
            ("goodness-of-fit 68 %", PathLossModel.Default, PowerRegionOptions.Default with { ConfidenceLevel = 0.68 }),
            ("likelihood-ratio 95 %", PathLossModel.Default, PowerRegionOptions.Default with { Method = PowerRegionMethod.LikelihoodRatio }),
            ("likelihood-ratio 68 %", PathLossModel.Default, PowerRegionOptions.Default with { Method = PowerRegionMethod.LikelihoodRatio, ConfidenceLevel = 0.68 }),
            ("goodness-of-fit 95 %, true n 3.5", PathLossModel.Default with { Exponent = 3.5 }, PowerRegionOptions.Default),
            ("goodness-of-fit 95 %, true n 2.5", PathLossModel.Default with { Exponent = 2.5 }, PowerRegionOptions.Default),
            ("goodness-of-fit 95 %, true sigma 10 dB", PathLossModel.Default with { ShadowingSigmaDb = 10 }, PowerRegionOptions.Default),
        };
        foreach (var (name, truth, options) in cases)
        {
            var watch = Stopwatch.StartNew();
            var (held, empty, areas) = PowerSimulation.Coverage(network, r => PowerSimulation.Inside(network, r), trials, seed, truth, PathLossModel.Default, options);
            var perRegionMs = watch.Elapsed.TotalMilliseconds / trials;
            var sorted = areas.Order().ToList();
            var sigma = Math.Sqrt(options.ConfidenceLevel * (1 - options.ConfidenceLevel) / trials);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""
                {"case": "{{name}}", "trials": {{trials}}, "seed": {{seed}}, "coverage": {{(double)held / trials:F4}}, "binomialSigma": {{sigma:F4}}, "empty": {{empty}}, "medianAreaKm2": {{sorted[trials / 2]:F0}}, "areaKm2P10": {{sorted[trials / 10]:F0}}, "areaKm2P90": {{sorted[9 * trials / 10]:F0}}, "msPerRegion": {{perRegionMs:F1}}}
                """));
        }

        return 0;
    }
}
