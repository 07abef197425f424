using System.Diagnostics;
using System.Net.Sockets;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.RtlTcp;
using Heimdall.Signal;
using Heimdall.Testing.RtlTcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.RtlTcp;

/// <summary>
/// The driver against the in-test rtl_tcp server (RtlTcpEmulator) on a real 127.0.0.1 socket: a healthy capture, the
/// commands on the wire, the discard of what the previous client's settings produced, and every failure mode, each
/// within its own timeout and named in the message.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class RtlTcpDriverTests
{
    private const double FrequencyHz = 145_500_000;
    private const double ToneOffsetHz = 1_234.5;
    private static readonly RtlTcpDriver Driver = new(TimeProvider.System, NullLogger<RtlTcpDriver>.Instance);

    private static Receiver Dongle(RtlTcpEmulator server, string settings = "{}", double rateHz = 2_048_000) =>
        RtlTcpSettingsTests.Receiver(server.Url, settings, rateHz);

    private static CaptureRequest Request(double seconds = 0.25, double rateHz = 2_048_000, double frequencyHz = FrequencyHz, DateTimeOffset? startAtUtc = null) =>
        new(Guid.NewGuid(), frequencyHz, rateHz, (long)Math.Round(seconds * rateHz), startAtUtc ?? DateTimeOffset.UtcNow);

    /// <summary>The capture, or its failure, within <paramref name="limit"/>: nothing may hang.</summary>
    private static async Task<(RawCapture? Capture, Exception? Failure, TimeSpan Took)> CaptureAsync(Receiver receiver, CaptureRequest request, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var capture = await Driver.CaptureAsync(receiver, request, CancellationToken.None).WaitAsync(limit);
            return (capture, null, watch.Elapsed);
        }
        catch (TimeoutException ex) when (ex.Message.Contains("The operation has timed out", StringComparison.Ordinal))
        {
            Assert.Fail($"the capture neither completed nor failed within {limit}");
            throw;
        }
        catch (Exception ex)
        {
            return (null, ex, watch.Elapsed);
        }
    }

    private static int MarkerPairs(byte[] iq)
    {
        var count = 0;
        for (var i = 0; i + 1 < iq.Length; i += 2)
        {
            if (iq[i] == 255 && iq[i + 1] == 0)
            {
                count++;
            }
        }

        return count;
    }

    [Test]
    public async Task When_the_server_is_healthy_Should_deliver_the_samples_as_cu8_at_the_exact_rate_with_the_tone_measured()
    {
        await using var server = new RtlTcpEmulator();
        var request = Request(seconds: 0.5);

        var (capture, failure, _) = await CaptureAsync(Dongle(server), request, TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.Null);
        var measured = SignalAnalyzer.Measure(capture!.Iq, capture.Format, capture.SampleRateHz);
        var client = server.Clients.Single();
        Assert.Multiple(() =>
        {
            Assert.That(capture.Format, Is.EqualTo(SampleFormat.Cu8));
            Assert.That(capture.SampleCount, Is.EqualTo(1_024_000));
            Assert.That(capture.Iq, Has.Length.EqualTo(2_048_000));
            Assert.That(capture.SampleRateHz, Is.EqualTo(2_048_000));
            Assert.That(MarkerPairs(capture.Iq), Is.Zero, "no sample taken with the previous client's settings");
            Assert.That(client.StaleBytes, Is.GreaterThan(0), "the server did send samples taken with the previous settings");
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(1.0));
            Assert.That(measured.SnrDb, Is.EqualTo(20).Within(1.0));
            Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock));
            Assert.That(capture.Timing.Stamps, Is.Empty);
            Assert.That(capture.Timing.ReceiverVersion, Is.EqualTo("rtl_tcp, R820T tuner, 29 gain steps"));
            Assert.That(capture.Timing.Warnings.Single(), Does.Contain("jitters by up to a USB transfer (131072 samples, 64 ms at 2048000 Hz)."));
            Assert.That(capture.CaptureStartUtc, Is.GreaterThanOrEqualTo(request.StartAtUtc).And.LessThan(request.StartAtUtc.AddSeconds(1)));
        });
    }

    [Test]
    public async Task Should_send_every_setting_in_order_so_nothing_of_the_previous_client_remains()
    {
        await using var server = new RtlTcpEmulator();
        var receiver = Dongle(server, """{"gainDb": 30, "ppm": -12, "agc": true, "biasTee": true, "directSampling": "off"}""", 1_000_000);

        var (capture, failure, _) = await CaptureAsync(receiver, Request(rateHz: 1_000_000), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(server.Clients.Single().Commands, Is.EqualTo(new (byte, uint)[]
            {
                (0x09, 0), (0x02, 1_000_000), (0x05, 0xFFFF_FFF4), (0x01, 145_500_000), (0x03, 1), (0x04, 297), (0x08, 1), (0x0e, 1), (0x07, 0),
            }));
            Assert.That(capture!.SampleRateHz, Is.EqualTo(1_000_000.026491).Within(1e-6), "the exact rate of librtlsdr's resampler");
            Assert.That(server.Dongle, Is.EqualTo((1_000_000u, 145_500_000u)));
        });
    }

    [Test]
    public async Task With_auto_gain_Should_send_gain_mode_0_and_no_gain()
    {
        await using var server = new RtlTcpEmulator();

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(seconds: 0.1), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.Null);
        Assert.That(server.Clients.Single().Commands.Select(c => c.Code), Is.EqualTo(new byte[] { 0x09, 0x02, 0x05, 0x01, 0x03, 0x08, 0x0e, 0x07 }));
        Assert.That(server.Clients.Single().Commands.Single(c => c.Code == 0x03).Parameter, Is.Zero);
    }

    [Test]
    public async Task When_the_stream_splits_every_IQ_pair_Should_reassemble_them_and_measure_the_tone_at_plus_not_minus_its_offset()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { SplitPairs = true, TransferBytes = 65_536 });

        var (capture, failure, _) = await CaptureAsync(Dongle(server), Request(seconds: 0.25), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.Null);
        Assert.That(MarkerPairs(capture!.Iq), Is.Zero);
        Assert.That(SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz).FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(1.0),
            "I and Q swapped would put the tone at −1234.5 Hz");
    }

    [Test]
    public async Task When_the_start_is_ahead_Should_connect_before_it_and_keep_from_the_first_sample_at_or_after_it()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { TransferBytes = 16_384 });
        var start = DateTimeOffset.UtcNow.AddSeconds(1.5);

        var (capture, failure, took) = await CaptureAsync(Dongle(server), Request(seconds: 0.25, startAtUtc: start), TimeSpan.FromSeconds(6));

        Assert.That(failure, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(capture!.CaptureStartUtc, Is.GreaterThanOrEqualTo(start.AddMilliseconds(-20)).And.LessThan(start.AddMilliseconds(20)), "the fitted instant of the first sample");
            Assert.That(MarkerPairs(capture.Iq), Is.Zero);
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(4)), "connected ahead and done, not waiting for anything more");
        });
    }

    [Test]
    public async Task When_the_rate_is_one_librtlsdr_refuses_Should_refuse_the_capture_without_connecting()
    {
        await using var server = new RtlTcpEmulator();

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(rateHz: 500_000), TimeSpan.FromSeconds(2));

        Assert.That(failure, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(failure!.Message, Is.EqualTo($"{server.Url} cannot capture at 500000 Hz: librtlsdr accepts 225001–300000 Hz or 900001–3200000 Hz, and rtl_tcp would silently keep its previous rate."));
        Assert.That(server.Clients, Is.Empty);
    }

    [Test]
    public async Task When_the_frequency_is_above_4_29_GHz_Should_refuse_the_capture()
    {
        await using var server = new RtlTcpEmulator();

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(frequencyHz: 5e9), TimeSpan.FromSeconds(2));

        Assert.That(failure, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(failure!.Message, Does.Contain("cannot tune to 5000000000 Hz: rtl_tcp's frequency command carries a u32, at most 4294967295 Hz (4.29 GHz)."));
    }

    [Test]
    public async Task When_the_magic_is_wrong_Should_refuse_saying_it_is_not_rtl_tcp()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { Header = "HTTP/1.1 400"u8.ToArray() });

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(failure!.Message, Is.EqualTo($"{server.Url} is not an rtl_tcp server: it sent 'HTTP' (hex 48545450) where an rtl_tcp server sends the magic 'RTL0' (first 12 bytes: hex 485454502F312E3120343030)."));
    }

    [Test]
    public async Task When_the_header_is_short_Should_fail_saying_how_much_came()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { HeaderBytes = 6 });

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Is.EqualTo($"{server.Url} closed the connection after 6 of the 12 header bytes: not a working rtl_tcp server."));
    }

    [Test]
    public async Task When_another_client_holds_the_server_Should_refuse_within_the_header_timeout_saying_it_serves_one_client_at_a_time()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { TransferBytes = 16_384 });
        using var first = new TcpClient();
        await first.ConnectAsync("127.0.0.1", server.Port);
        var header = new byte[12];
        await first.GetStream().ReadExactlyAsync(header);

        var (_, failure, took) = await CaptureAsync(Dongle(server, """{"headerTimeoutSeconds": 1}"""), Request(), TimeSpan.FromSeconds(4));

        Assert.That(failure, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(failure!.Message, Is.EqualTo($"{server.Url} accepted the connection but sent no header within 1 s: rtl_tcp serves one client at a time, so another client is probably connected (settings.headerTimeoutSeconds)."));
        Assert.That(took, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)).And.LessThan(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public async Task When_the_first_client_leaves_the_next_Should_be_served()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { TransferBytes = 16_384 });
        var first = new TcpClient();
        await first.ConnectAsync("127.0.0.1", server.Port);
        _ = Task.Delay(300).ContinueWith(_ => first.Dispose(), TaskScheduler.Default);

        var (capture, failure, _) = await CaptureAsync(Dongle(server), Request(seconds: 0.1), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.Null);
        Assert.That(capture!.SampleCount, Is.EqualTo(204_800));
        Assert.That(server.Clients, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task When_the_server_closes_mid_capture_Should_fail_saying_how_far_it_got_never_hang()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { CloseAfterBytes = 2_000_000 });

        var (_, failure, took) = await CaptureAsync(Dongle(server), Request(seconds: 1), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.Match($@"^{server.Url} closed the connection \d+ of 2048000 samples into the capture \([\d.]+ s after its first sample\): rtl_tcp closes its client when it is stopped, or 5 s after the dongle stops delivering\.$"));
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public async Task When_the_server_closes_while_settings_take_effect_Should_say_the_driver_was_discarding()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { CloseAfterBytes = 100_000 });

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.Match($@"^{server.Url} closed the connection while the driver discarded the \d+ bytes sampled before its settings took effect \(100000 discarded\)"));
    }

    [Test]
    public async Task When_the_server_resets_mid_capture_Should_fail_naming_the_reset()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { ResetAfterBytes = 2_000_000 });

        var (_, failure, took) = await CaptureAsync(Dongle(server), Request(seconds: 1), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.Match($@"^{server.Url} reset the connection \(TCP RST\) \d+ of 2048000 samples into the capture"));
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public async Task When_the_dongle_stalls_Should_fail_by_the_watchdog_before_rtl_tcp_closes()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { StallAfterBytes = 2_000_000, TransferBytes = 65_536 });

        var (_, failure, took) = await CaptureAsync(Dongle(server, """{"stallTimeoutSeconds": 0.5}"""), Request(seconds: 1), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.Match($@"^{server.Url} sent nothing for 0\.5 s \d+ of 2048000 samples into the capture .* \(stall watchdog, settings\.stallTimeoutSeconds\): the dongle has stopped delivering"));
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(4)), "well before rtl_tcp's own 5 s");
    }

    [Test]
    public async Task When_the_server_drops_transfers_silently_Should_fail_saying_the_stream_ran_slow()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { DropEveryNthTransfer = 3, TransferBytes = 65_536 });

        var (_, failure, _) = await CaptureAsync(Dongle(server), Request(seconds: 1), TimeSpan.FromSeconds(6));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.Match($@"^{server.Url} delivered 2048000 samples \(1 s at 2048000 Hz\) in \d+\.\d+ s: the stream ran slow, and rtl_tcp drops buffers silently"));
    }

    [Test]
    public async Task When_nothing_listens_Should_fail_saying_the_connection_was_refused()
    {
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var receiver = RtlTcpSettingsTests.Receiver($"tcp://127.0.0.1:{port}");
        var (_, failure, _) = await CaptureAsync(receiver, Request(), TimeSpan.FromSeconds(5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Is.EqualTo($"tcp://127.0.0.1:{port} refused the connection: nothing listens there (is rtl_tcp running, and started with -a to listen beyond localhost?)."));
    }

    [Test]
    public async Task Probe_Should_read_the_header_and_disconnect_without_a_command()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { TunerType = 1, GainCount = 14 });

        var health = await Driver.ProbeAsync(Dongle(server), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await server.Clients.Single().Done.Task.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(health.Reachable, Is.True);
            Assert.That(health.Version, Is.EqualTo("rtl_tcp, E4000 tuner, 14 gain steps"));
            Assert.That(health.Users, Is.Zero);
            Assert.That(health.UsersMax, Is.EqualTo(1));
            Assert.That(health.LatencyMs, Is.GreaterThan(0).And.LessThan(1000));
            Assert.That(health.Detail, Does.StartWith($"{server.Url} sent its header in "));
            Assert.That(server.Clients.Single().Commands, Is.Empty);
        });
    }

    [Test]
    public async Task Probe_of_a_busy_server_Should_say_it_is_up_and_serving_another_client()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { TransferBytes = 16_384 });
        using var first = new TcpClient();
        await first.ConnectAsync("127.0.0.1", server.Port);
        await first.GetStream().ReadExactlyAsync(new byte[12]);

        var health = await Driver.ProbeAsync(Dongle(server, """{"headerTimeoutSeconds": 0.5}"""), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(health.Reachable, Is.True);
            Assert.That(health.Users, Is.EqualTo(1));
            Assert.That(health.UsersMax, Is.EqualTo(1));
            Assert.That(health.Detail, Does.Contain("accepted the connection but sent no header within 0.5 s: rtl_tcp serves one client at a time"));
        });
    }

    [Test]
    public async Task Probe_of_a_server_that_is_not_rtl_tcp_Should_say_it_is_unreachable_and_why()
    {
        await using var server = new RtlTcpEmulator(new RtlTcpEmulatorOptions { Header = "SSH-2.0-Open"u8.ToArray() });

        var health = await Driver.ProbeAsync(Dongle(server), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(health.Reachable, Is.False);
        Assert.That(health.Detail, Does.Contain("is not an rtl_tcp server: it sent 'SSH-'"));
    }
}
