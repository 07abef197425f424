using System.Diagnostics;
using System.Globalization;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers;
using Heimdall.Receivers.Replay;
using Heimdall.Receivers.RtlTcp;
using Heimdall.Testing.RtlTcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>time-receivers [SECONDS] [RUNS]</c>: the receiver drivers' own cost, printed as JSON lines.
/// <list type="bullet">
/// <item>rtl_tcp at 2.048 MS/s against the emulator in a child process (so this process's CPU is the driver's alone), at
/// full speed (the emulator sends as fast as the socket takes) and in real time: CPU time per second of IQ captured;</item>
/// <item>the time from startAtUtc to the first kept sample, for a start "now" (connect, header, commands and the discard
/// of what the previous settings produced) and for a start 1.5 s ahead (the driver connects early);</item>
/// <item>SigMF replay at full speed from disk (cu8 and ci16_le): CPU and wall time per second of IQ.</item>
/// </list>
/// <c>rtl-tcp-server</c> runs the emulator alone (the child), printing its port.
/// </summary>
internal static class ReceiverTiming
{
    private const uint RateHz = 2_048_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var driver = new RtlTcpDriver(TimeProvider.System, NullLogger<RtlTcpDriver>.Instance);
        // The runtime's own CPU while a process waits (timers, tiered JIT, GC): the floor under every figure below.
        var (idleCpu, idleWall) = await MeasureAsync(runs, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            return null!;
        });
        Print("idle process (per second waited)", idleCpu, idleWall, runs * seconds);
        foreach (var realTime in new[] { false, true })
        {
            using var server = StartServer(realTime, out var url);
            var receiver = RtlTcpReceiver(url);
            await driver.CaptureAsync(receiver, Request(0.25), CancellationToken.None); // warm-up
            var (cpu, wall) = await MeasureAsync(runs, () => driver.CaptureAsync(receiver, Request(seconds), CancellationToken.None));
            Print($"rtl_tcp {(realTime ? "real-time" : "full-speed")}", cpu, wall, runs * seconds);
            if (realTime)
            {
                foreach (var lead in new[] { 0.0, 1.5 })
                {
                    var lags = new List<double>();
                    for (var i = 0; i < runs; i++)
                    {
                        var request = Request(0.1) with { StartAtUtc = DateTimeOffset.UtcNow.AddSeconds(lead) };
                        var capture = await driver.CaptureAsync(receiver, request, CancellationToken.None);
                        lags.Add((capture.CaptureStartUtc - request.StartAtUtc).TotalMilliseconds);
                    }

                    lags.Sort();
                    Console.WriteLine(FormattableString.Invariant(
                        $"{{\"measure\": \"rtl_tcp startAtUtc to first sample\", \"startAheadS\": {lead}, \"medianMs\": {lags[lags.Count / 2]:F1}, \"minMs\": {lags[0]:F1}, \"maxMs\": {lags[^1]:F1}}}"));
                }
            }

            server.Kill();
        }

        var folder = Directory.CreateTempSubdirectory("heimdall-replay-timing-").FullName;
        try
        {
            var replay = new SigMfReplayDriver(TimeProvider.System, NullLogger<SigMfReplayDriver>.Instance);
            foreach (var (datatype, bytesPerSample) in new[] { ("cu8", 2), ("ci16_le", 4) })
            {
                var samples = (long)(seconds * RateHz);
                var basePath = Path.Combine(folder, datatype);
                await File.WriteAllBytesAsync(basePath + ".sigmf-data", new byte[samples * bytesPerSample]);
                await File.WriteAllTextAsync(basePath + ".sigmf-meta", FormattableString.Invariant(
                    $$"""{"global": {"core:datatype": "{{datatype}}", "core:sample_rate": {{RateHz}}, "core:version": "1.2.0"}, "captures": [{"core:sample_start": 0, "core:frequency": 145500000, "core:datetime": "2026-11-28T18:30:00Z"}]}"""));
                var receiver = RtlTcpReceiver(new Uri(basePath + ".sigmf-meta").AbsoluteUri) with { Kind = "file", Settings = """{"speed": "full"}""" };
                await replay.CaptureAsync(receiver, Request(seconds), CancellationToken.None); // warm-up (and the page cache)
                var (cpu, wall) = await MeasureAsync(runs, () => replay.CaptureAsync(receiver, Request(seconds), CancellationToken.None));
                Print($"replay full-speed {datatype} from disk", cpu, wall, runs * seconds);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary>The emulator alone, for the child process: prints its port, serves until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { RealTime = args is ["real-time"], PreviousSampleRateHz = RateHz });
        Console.WriteLine(server.Port.ToString(CultureInfo.InvariantCulture));
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static Process StartServer(bool realTime, out string url)
    {
        var self = typeof(ReceiverTiming).Assembly.Location;
        var server = Process.Start(new ProcessStartInfo("dotnet", [self, "rtl-tcp-server", realTime ? "real-time" : "full-speed"]) { RedirectStandardOutput = true })!;
        url = "tcp://127.0.0.1:" + server.StandardOutput.ReadLine();
        return server;
    }

    private static async Task<(TimeSpan Cpu, TimeSpan Wall)> MeasureAsync(int runs, Func<Task<RawCapture>> capture)
    {
        var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            await capture();
        }

        wall.Stop();
        process.Refresh();
        return (process.TotalProcessorTime - cpuBefore, wall.Elapsed);
    }

    private static void Print(string measure, TimeSpan cpu, TimeSpan wall, double capturedSeconds) =>
        Console.WriteLine(FormattableString.Invariant(
            $"{{\"measure\": \"{measure}\", \"capturedSeconds\": {capturedSeconds}, \"cpuMsPerCapturedSecond\": {cpu.TotalMilliseconds / capturedSeconds:F1}, \"wallMsPerCapturedSecond\": {wall.TotalMilliseconds / capturedSeconds:F1}}}"));

    private static Receiver RtlTcpReceiver(string url) => new()
    {
        ReceiverId = 1, Name = "bench", Kind = "rtl_tcp", Url = url, Latitude = 45, Longitude = 7, MinFrequencyHz = 24e6, MaxFrequencyHz = 1766e6,
        SampleRateHz = RateHz, TimeoutSeconds = 30, RetryCount = 0, Enabled = true,
    };

    private static CaptureRequest Request(double seconds) => new(Guid.NewGuid(), 145_500_000, RateHz, (long)(seconds * RateHz), DateTimeOffset.UtcNow);
}
