using BenchmarkDotNet.Running;

namespace Heimdall.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (e.g. <c>--filter '*SignalBenchmarks*'</c>), <c>time-file</c> for the
/// side-by-side comparison with scipy (see README.md), or <c>ingest</c> for the database write path.
/// </summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks, or times one file.</summary>
    public static int Main(string[] args)
    {
        if (args is ["time-file", .. var rest])
        {
            return FileTiming.Run(rest);
        }

        if (args is ["ingest", .. var ingest])
        {
            return IngestTiming.RunAsync(ingest).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
