using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers;
using Heimdall.Receivers.OpenWebRx;
using Heimdall.Receivers.SpyServer;
using Heimdall.Signal;
using Heimdall.Testing.OpenWebRx;
using Heimdall.Testing.SpyServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>untimed-receivers [SECONDS] [RUNS]</c>: the SpyServer and OpenWebRX drivers against their in-test servers, each
/// running in a child process (<c>untimed-emulator KIND</c>) behind a byte-counting TCP relay in that child, so that
/// this process's CPU time is the driver's (with the runtime's idle floor; the OpenWebRX driver measures inside the
/// capture, the SpyServer's IQ is measured after it, reported apart) and the bytes are what crossed the wire from the
/// server. Both servers stream in real time. Per kind it prints JSON: CPU ms and wire bytes per captured second
/// (median of RUNS captures of SECONDS), and the measurement against the server's known signal (a carrier 1234.5 Hz
/// above 145.5 MHz): bias (mean error), RMS error and the mean stated standard uncertainty of the SNR, offset and power,
/// so that the stated uncertainty can be held against the spread actually seen.
/// </summary>
internal static class UntimedReceiverTiming
{
    private const double FrequencyHz = 145_500_000;
    private const double ToneOffsetHz = 1_234.5;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

        // SpyServer: 48 kS/s ci16 window, tone 0.1 of full scale over complex noise 1e-4 in the window: SNR 20 dB in the
        // band, power 10·log10(0.0101) dBFS; measured on the IQ by Heimdall.Signal as the Acquirer does.
        using (var spy = new ChildServer("untimed-emulator", "spyserver"))
        {
            var driver = new SpyServerDriver(TimeProvider.System, NullLogger<SpyServerDriver>.Instance);
            var receiver = Receiver("spyserver", spy.Url, "{}", 48_000);
            await RunKindAsync("spyserver", spy, runs, seconds, 48_000, 20, 10 * Math.Log10(0.0101),
                () => driver.CaptureAsync(receiver, Request(seconds, 48_000), CancellationToken.None),
                capture => SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz));
        }

        // OpenWebRX+: carrier 1e-2 of full scale (power 1e-4) over 1e-4/1.2e6 per Hz; the driver's measurement from the
        // usbd audio and S-meter (its FFT is ADPCM): SNR over the 19.2 kHz passband 10·log10(62.5), power 1e-4 + 1.6e-6.
        using (var owrx = new ChildServer("untimed-emulator", "openwebrx"))
        {
            using var driver = new OpenWebRxDriver(TimeProvider.System, NullLogger<OpenWebRxDriver>.Instance);
            var receiver = Receiver("openwebrx", owrx.Url, """{"audioDiscardMs": 200, "connectLeadSeconds": 0}""", 12_000);
            await RunKindAsync("openwebrx", owrx, runs, seconds, 12_000, 10 * Math.Log10(62.5), 10 * Math.Log10(1e-4 + 1.6e-6),
                () => driver.CaptureAsync(receiver, Request(seconds, 12_000), CancellationToken.None),
                capture => capture.Measurement!);
        }

        return 0;
    }

    private static async Task RunKindAsync(
        string kind, ChildServer server, int runs, double seconds, double rateHz, double snrDb, double powerDbfs, Func<Task<RawCapture>> capture,
        Func<RawCapture, SignalMeasurement> measure)
    {
        measure(await capture()); // warm-up
        long.Parse(server.Ask(), CultureInfo.InvariantCulture);
        var (cpu, measureCpu, bytes) = (new List<double>(), new List<double>(), new List<double>());
        var (snr, offset, power) = (new List<(double, double)>(), new List<(double, double)>(), new List<(double, double)>());
        string basis = "";
        for (var i = 0; i < runs; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var raw = await capture();
            var captured = raw.SampleCount / raw.SampleRateHz;
            var between = Process.GetCurrentProcess().TotalProcessorTime;
            var measured = measure(raw);
            cpu.Add((between - before).TotalMilliseconds / captured);
            measureCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - between).TotalMilliseconds / captured);
            bytes.Add(long.Parse(server.Ask(), CultureInfo.InvariantCulture) / captured);
            basis = measured.Basis;
            var u = measured.Uncertainty;
            snr.Add((measured.SnrDb!.Value - snrDb, u?.SnrDb ?? double.NaN));
            offset.Add((measured.FrequencyOffsetHz!.Value - ToneOffsetHz, u?.FrequencyOffsetHz ?? double.NaN));
            power.Add((measured.PowerDbfs - powerDbfs, u?.PowerDb ?? double.NaN));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""
            {"kind": "{{kind}}", "basis": "{{basis}}", "captureSeconds": {{seconds}}, "rateHz": {{rateHz}}, "runs": {{runs}}, "cpuMsPerCapturedSecond": {{Median(cpu):F2}}, "measureCpuMsPerCapturedSecond": {{Median(measureCpu):F2}}, "wireBytesPerCapturedSecond": {{Median(bytes):F0}}, "snrDb": {{Errors(snr)}}, "offsetHz": {{Errors(offset)}}, "powerDb": {{Errors(power)}}}
            """));
    }

    private static string Errors(List<(double Error, double Sigma)> values) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"bias": {{values.Average(v => v.Error):F3}}, "rmsError": {{Math.Sqrt(values.Average(v => v.Error * v.Error)):F3}}, "meanStatedSigma": {{values.Average(v => v.Sigma):F3}}}""");

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static Receiver Receiver(string kind, string url, string settings, double rateHz) => new()
    {
        ReceiverId = 1, Name = "bench", Kind = kind, Url = url, Latitude = 45, Longitude = 7.6, MinFrequencyHz = 1e6, MaxFrequencyHz = 260e6,
        SampleRateHz = rateHz, TimeoutSeconds = 30, RetryCount = 0, Enabled = true, Settings = settings,
    };

    private static CaptureRequest Request(double seconds, double rateHz) =>
        new(Guid.NewGuid(), FrequencyHz, rateHz, (long)Math.Round(seconds * rateHz), DateTimeOffset.UtcNow);

    /// <summary>
    /// The child: the emulated server (real time; OpenWebRX+ with its robot ban off, as the benchmark reconnects) behind a
    /// relay that counts the bytes from the server to the client; prints the relay's URL, answers each stdin line with
    /// the bytes counted since the previous one; stops when stdin closes.
    /// </summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        await using var server = args is ["openwebrx"] ? (IAsyncDisposable)new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { BotBanEnabled = false })
            : new SpyServerEmulator();
        var (port, scheme) = server switch
        {
            OpenWebRxEmulator o => (o.Port, "http"),
            SpyServerEmulator s => (s.Port, "sdr"),
            _ => throw new InvalidOperationException(),
        };
        using var relay = new TcpListener(IPAddress.Loopback, 0);
        relay.Start();
        long counted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var client = await relay.AcceptTcpClientAsync();
                _ = Task.Run(async () =>
                {
                    using (client)
                    using (var upstream = new TcpClient())
                    {
                        await upstream.ConnectAsync(IPAddress.Loopback, port);
                        var down = Pump(upstream.GetStream(), client.GetStream(), n => Interlocked.Add(ref counted, n));
                        var up = Pump(client.GetStream(), upstream.GetStream(), _ => { });
                        await Task.WhenAny(down, up);
                    }
                });
            }
        });
        var relayPort = ((IPEndPoint)relay.LocalEndpoint).Port;
        Console.WriteLine(scheme == "http" ? $"http://127.0.0.1:{relayPort}/" : $"sdr://127.0.0.1:{relayPort}");
        while (await Console.In.ReadLineAsync() is not null)
        {
            Console.WriteLine(Interlocked.Exchange(ref counted, 0).ToString(CultureInfo.InvariantCulture));
        }

        return 0;
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, Action<int> count)
    {
        var buffer = new byte[65_536];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer)) > 0)
            {
                count(n);
                await to.WriteAsync(buffer.AsMemory(0, n));
            }
        }
        catch (IOException)
        {
            // the other side went away: the session is over
        }
    }
}
