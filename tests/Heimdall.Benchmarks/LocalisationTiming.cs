using System.Diagnostics;
using System.Globalization;
using Heimdall.Localisation;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Simulation;
using Heimdall.Localisation.Tests;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>localisation-time [RUNS]</c>: how long <see cref="Locator.Locate"/> takes (one thread: it never starts another),
/// after a warm-up run, as the median of RUNS: 3 and 6 receivers × 30 s at 12 kHz (ground wave, a 1 kHz modulation
/// under a carrier, as DCF77), 7 receivers × 1 s at 250 kS/s (line of sight, 50 kHz wide), and the real DCF77 set when
/// it is beside the repository. CPU is this process's processor time over the call; hyperbolae are traced or not.
/// </summary>
internal static class LocalisationTiming
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var settings = new TdoaGeometries.Settings();
        var cases = new List<(string Name, IReadOnlyList<StationCapture> Captures)>
        {
            ("3 × 30 s at 12 kHz, ground wave", Simulate(TdoaGeometries.GroundWave(new Random(1), settings with { Receivers = 3, DurationSeconds = 30, BandwidthHz = 1000 }) with { CarrierDb = 30 })),
            ("6 × 30 s at 12 kHz, ground wave", Simulate(TdoaGeometries.GroundWave(new Random(2), settings with { Receivers = 6, DurationSeconds = 30, BandwidthHz = 1000 }) with { CarrierDb = 30 })),
            ("7 × 1 s at 250 kS/s, line of sight", Simulate(TdoaGeometries.Inside(new Random(3), settings with { Receivers = 7, SampleRateHz = 250_000, BandwidthHz = 50_000 }))),
        };
        if (Dcf77Set.Folder() is { } folder)
        {
            cases.Add(("DCF77 set, 3 × 29.5 s (files already read)", Dcf77Set.Captures(folder)));
        }

        Console.WriteLine($"FFT: {Heimdall.Signal.SignalAnalyzer.FftBackend}; median of {runs} runs after a warm-up; ms");
        Console.WriteLine("| case | CPU | wall | CPU without hyperbolae | wall without hyperbolae |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, captures) in cases)
        {
            var (cpu, wall) = Time(captures, LocatorOptions.Default, runs);
            var (cpuBare, wallBare) = Time(captures, LocatorOptions.Default with { TraceHyperbolae = false }, runs);
            Console.WriteLine($"| {name} | {cpu:0} | {wall:0} | {cpuBare:0} | {wallBare:0} |");
        }

        return 0;
    }

    private static IReadOnlyList<StationCapture> Simulate(TdoaScenario scenario) =>
        TdoaSimulator.Generate(scenario, new Propagation(Propagation.ModeFor(scenario.CenterFrequencyHz)), 1).Captures;

    private static (double Cpu, double Wall) Time(IReadOnlyList<StationCapture> captures, LocatorOptions options, int runs)
    {
        Locator.Locate(captures, options);
        var cpu = new List<double>();
        var wall = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var startCpu = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            Locator.Locate(captures, options);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - startCpu).TotalMilliseconds);
        }

        return (Median(cpu), Median(wall));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
