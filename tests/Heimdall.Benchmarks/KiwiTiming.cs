using System.Diagnostics;
using System.Globalization;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers;
using Heimdall.Receivers.KiwiSdr;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using Microsoft.Extensions.Logging;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>kiwi [SECONDS] [RUNS]</c>: the KiwiSDR driver against the in-test Kiwi (tests/Heimdall.Receivers.Tests/KiwiSdr/Emulator)
/// running in a child process, so that this process's CPU time is the driver's alone. Prints JSON: CPU milliseconds per
/// captured second of IQ with the emulator streaming at full speed (median of RUNS captures of SECONDS each, after a
/// warm-up), and, in real time, how far the first sample is from startAtUtc by GNSS time, when its packet reached the
/// host, and how long after the last sample the capture returned. <c>kiwi-emulator</c> is the child.
/// </summary>
internal static class KiwiTiming
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        using var fullSpeed = Emulator(fullSpeed: true);
        using var realTime = Emulator(fullSpeed: false);
        var log = new FirstSampleLog();
        using var driver = new KiwiSdrDriver(TimeProvider.System, log);
        const double rate = 11_998.903;

        await CaptureAsync(driver, fullSpeed.Url, seconds: 5, DateTimeOffset.UtcNow);
        var cpuPerSecond = new List<double>();
        var wallPerSecond = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.GetTimestamp();
            var capture = await CaptureAsync(driver, fullSpeed.Url, seconds, DateTimeOffset.UtcNow);
            var captured = capture.SampleCount / capture.SampleRateHz;
            cpuPerSecond.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / captured);
            wallPerSecond.Add(Stopwatch.GetElapsedTime(wall).TotalMilliseconds / captured);
        }

        var start = DateTimeOffset.UtcNow.AddSeconds(4);
        var timed = await CaptureAsync(driver, realTime.Url, seconds: 1, start);
        var returned = DateTimeOffset.UtcNow;
        var lastSample = timed.CaptureStartUtc + TimeSpan.FromSeconds(timed.SampleCount / timed.SampleRateHz);
        cpuPerSecond.Sort();
        wallPerSecond.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""
            {"captureSeconds": {{seconds}}, "runs": {{runs}}, "cpuMsPerCapturedSecond": {{cpuPerSecond[runs / 2]:F2}}, "cpuMsPerCapturedSecondMin": {{cpuPerSecond[0]:F2}}, "wallMsPerCapturedSecondFullSpeed": {{wallPerSecond[runs / 2]:F2}}, "firstSampleAfterStartUs": {{(timed.CaptureStartUtc - start).TotalMicroseconds:F3}}, "samplePeriodUs": {{1e6 / rate:F3}}, "firstPacketArrivedAfterStartMs": {{log.ArrivalAfterStartMs:F1}}, "returnedAfterLastSampleMs": {{(returned - lastSample).TotalMilliseconds:F1}}, "timingSource": "{{timed.Timing.Source}}"}
            """));
        return 0;
    }

    /// <summary>The child: a full-speed or real-time emulated Kiwi on 127.0.0.1; prints its URL, stops when stdin closes.</summary>
    public static async Task<int> RunEmulatorAsync(string[] args)
    {
        await using var kiwi = new KiwiEmulator(new KiwiEmulatorOptions { FullSpeed = args is ["full-speed"], ToneFrequencyHz = 10_001_000, KeepaliveTimeoutSeconds = 60 });
        Console.WriteLine(kiwi.Url);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static Task<RawCapture> CaptureAsync(KiwiSdrDriver driver, string url, double seconds, DateTimeOffset start) =>
        driver.CaptureAsync(new Receiver
        {
            ReceiverId = 1, Name = "bench", Kind = "kiwisdr", Url = url, Latitude = 0, Longitude = 0, MinFrequencyHz = 0, MaxFrequencyHz = 30e6,
            SampleRateHz = 12_000, TimeoutSeconds = 30, RetryCount = 0, Enabled = true,
        }, new CaptureRequest(Guid.NewGuid(), 10e6, 12_000, (long)Math.Round(seconds * 12_000), start), CancellationToken.None);

    private static ChildServer Emulator(bool fullSpeed) => new("kiwi-emulator", fullSpeed ? "full-speed" : "real-time");

    /// <summary>Keeps the driver's event 609 (when the packet with the first sample arrived).</summary>
    private sealed class FirstSampleLog : ILogger<KiwiSdrDriver>
    {
        public double ArrivalAfterStartMs { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 609 && state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                ArrivalAfterStartMs = Convert.ToDouble(values.First(v => v.Key == "ArrivalAfterStartMs").Value, CultureInfo.InvariantCulture);
            }
        }
    }
}
