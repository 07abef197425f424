using BenchmarkDotNet.Running;

namespace Heimdall.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (e.g. <c>--filter '*SignalBenchmarks*'</c>), <c>time-file</c> for the
/// side-by-side comparison with scipy (see README.md), <c>ingest</c> for the database write path, or <c>kiwi</c> for the
/// KiwiSDR driver's CPU and start timing.
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

        if (args is ["kiwi", .. var kiwi])
        {
            return KiwiTiming.RunAsync(kiwi).GetAwaiter().GetResult();
        }

        if (args is ["kiwi-emulator", .. var emulator])
        {
            return KiwiTiming.RunEmulatorAsync(emulator).GetAwaiter().GetResult();
        }

        if (args is ["time-receivers", .. var receiverArgs])
        {
            return ReceiverTiming.RunAsync(receiverArgs).GetAwaiter().GetResult();
        }

        if (args is ["rtl-tcp-server", .. var serverArgs])
        {
            return ReceiverTiming.ServeAsync(serverArgs).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
