using BenchmarkDotNet.Running;

namespace Heimdall.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (e.g. <c>--filter '*SignalBenchmarks*'</c>), <c>time-file</c> for the
/// side-by-side comparison with scipy (see README.md), <c>ingest</c> for the database write path, <c>kiwi</c>,
/// <c>time-receivers</c> and <c>untimed-receivers</c> (SpyServer, OpenWebRX) for the receiver drivers, <c>power-region</c> for the power-based region's coverage, <c>localisation-sweep</c> and <c>localisation-time</c> for the localisation
/// library's accuracy tables and timings (<see cref="LocalisationSweep"/>, <see cref="LocalisationTiming"/>), <c>dataset</c> and <c>read-side</c> for the read side's generated
/// dataset and its timings (<see cref="ReadSide.DatasetCommand"/>, <see cref="ReadSide.ReadSideTimings"/>).
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

        if (args is ["untimed-receivers", .. var untimedArgs])
        {
            return UntimedReceiverTiming.RunAsync(untimedArgs).GetAwaiter().GetResult();
        }

        if (args is ["untimed-emulator", .. var untimedServerArgs])
        {
            return UntimedReceiverTiming.ServeAsync(untimedServerArgs).GetAwaiter().GetResult();
        }

        if (args is ["power-region", .. var powerArgs])
        {
            return PowerRegionSweep.Run(powerArgs);
        }

        if (args is ["localisation-sweep", .. var sweepArgs])
        {
            return LocalisationSweep.Run(sweepArgs);
        }

        if (args is ["localisation-time", .. var localisationArgs])
        {
            return LocalisationTiming.Run(localisationArgs);
        }

        if (args is ["dataset", .. var datasetArgs])
        {
            return ReadSide.DatasetCommand.RunAsync(datasetArgs).GetAwaiter().GetResult();
        }

        if (args is ["read-side", .. var timingArgs])
        {
            return ReadSide.ReadSideTimings.RunAsync(timingArgs).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
