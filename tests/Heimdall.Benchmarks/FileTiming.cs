using System.Diagnostics;
using System.Globalization;
using Heimdall.Signal;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>time-file PATH DATATYPE SAMPLE_RATE RUNS</c>: measures a raw I/Q file in process RUNS times after a warm-up and
/// prints the median and minimum wall time in milliseconds as JSON, for the side-by-side script against scipy
/// (scipy_reference.py), which times its own method on the same file.
/// </summary>
internal static class FileTiming
{
    public static int Run(string[] args)
    {
        if (args.Length != 4 || !SampleFormats.TryParse(args[1], out var format))
        {
            Console.Error.WriteLine("usage: Heimdall.Benchmarks time-file PATH ci16_le|cu8|cf32_le SAMPLE_RATE_HZ RUNS");
            return 2;
        }

        var data = File.ReadAllBytes(args[0]);
        var sampleRateHz = double.Parse(args[2], CultureInfo.InvariantCulture);
        var runs = int.Parse(args[3], CultureInfo.InvariantCulture);
        var result = SignalAnalyzer.Measure(data, format, sampleRateHz);
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            result = SignalAnalyzer.Measure(data, format, sampleRateHz);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"backend\": \"{SignalAnalyzer.FftBackend}\", \"medianMs\": {times[runs / 2]:F3}, \"minMs\": {times[0]:F3}, \"snrDb\": {result.SnrDb:F3}, \"frequencyOffsetHz\": {result.FrequencyOffsetHz:F4}}}"));
        return 0;
    }
}
