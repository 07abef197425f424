using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.SpyServer;
using Heimdall.Signal;
using Heimdall.Testing.SpyServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.SpyServer;

/// <summary>
/// The driver against the in-test SpyServer (SpyServerEmulator) on a real 127.0.0.1 socket: a healthy capture in each
/// format, the settings on the wire, the rate and window chosen, and every refusal and failure, each named, within its
/// own timeout.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class SpyServerDriverTests
{
    private const double FrequencyHz = 145_500_000;
    private const double ToneOffsetHz = 1_234.5;
    private static readonly SpyServerDriver Driver = new(TimeProvider.System, NullLogger<SpyServerDriver>.Instance);

    private static Receiver Spy(SpyServerEmulator server, string settings = "{}") => SpyServerSettingsTests.Receiver(server.Url, settings);

    private static CaptureRequest Request(double seconds = 0.5, double rateHz = 48_000, DateTimeOffset? startAtUtc = null) =>
        new(Guid.NewGuid(), FrequencyHz, rateHz, (long)Math.Round(seconds * rateHz), startAtUtc ?? DateTimeOffset.UtcNow);

    /// <summary>The capture, or its failure, within <paramref name="limit"/>: nothing may hang.</summary>
    private static async Task<(RawCapture? Capture, Exception? Failure)> CaptureAsync(Receiver receiver, CaptureRequest request, double limitSeconds = 8)
    {
        try
        {
            return (await Driver.CaptureAsync(receiver, request, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(limitSeconds)), null);
        }
        catch (TimeoutException ex) when (ex.Message.Contains("The operation has timed out", StringComparison.Ordinal))
        {
            Assert.Fail($"the capture neither completed nor failed within {limitSeconds} s");
            throw;
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    private static IEnumerable<(uint, uint)> Sent(SpyServerEmulator server) => server.Clients.Single().Settings;

    [Test]
    public async Task When_the_server_is_healthy_Should_deliver_ci16_at_the_window_rate_with_the_tone_measured()
    {
        await using var server = new SpyServerEmulator();
        var request = Request();

        var (capture, failure) = await CaptureAsync(Spy(server), request);

        Assert.That(failure, Is.Null);
        var measured = SignalAnalyzer.Measure(capture!.Iq, capture.Format, capture.SampleRateHz);
        var client = server.Clients.Single();
        Assert.Multiple(() =>
        {
            Assert.That(capture.Format, Is.EqualTo(SampleFormat.Ci16Le));
            Assert.That(capture.SampleRateHz, Is.EqualTo(48_000));
            Assert.That(capture.SampleCount, Is.EqualTo(24_000));
            Assert.That(capture.Iq, Has.Length.EqualTo(96_000));
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(1.0));
            Assert.That(measured.SnrDb, Is.EqualTo(20).Within(1.0));
            Assert.That(client.Name, Is.EqualTo("Heimdall"));
            Assert.That(client.ProtocolVersion, Is.EqualTo((2u << 24) | 1700));
            Assert.That(client.Controlling, Is.True);
            Assert.That(client.Settings, Is.EqualTo(new (uint, uint)[] { (0, 1), (100, 2), (102, 4), (101, 145_500_000), (103, 0), (1, 1) }));
            Assert.That(server.Device.CenterHz, Is.EqualTo(145_500_000), "the controlling client retuned the device");
            Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock));
            Assert.That(capture.Timing.SequenceGaps, Is.Zero);
            Assert.That(capture.Timing.AnnouncedSampleRateHz, Is.EqualTo(48_000));
            Assert.That(capture.Timing.ReceiverVersion, Is.EqualTo("SpyServer protocol 2.0.1700, Airspy HF+ serial 0x3A5B1C2D"));
            Assert.That(capture.Timing.Warnings.Single(), Does.Contain("jitters by up to a frame (960 samples, 20 ms at 48000 Hz)."));
            Assert.That(capture.CaptureStartUtc, Is.GreaterThanOrEqualTo(request.StartAtUtc).And.LessThan(request.StartAtUtc.AddSeconds(2)));
        });
    }

    [TestCase("uint8", SampleFormat.Cu8, 1u)]
    [TestCase("float", SampleFormat.Cf32Le, 4u)]
    public async Task Each_format_Should_be_asked_for_and_delivered_as_its_SigMF_datatype(string format, SampleFormat expected, uint code)
    {
        await using var server = new SpyServerEmulator();

        var (capture, failure) = await CaptureAsync(Spy(server, $$"""{"iqFormat": "{{format}}"}"""), Request(seconds: 0.25));

        Assert.That(failure, Is.Null);
        var measured = SignalAnalyzer.Measure(capture!.Iq, capture.Format, capture.SampleRateHz);
        Assert.Multiple(() =>
        {
            Assert.That(capture.Format, Is.EqualTo(expected));
            Assert.That(capture.Iq, Has.Length.EqualTo(12_000 * expected.BytesPerSample()));
            Assert.That(Sent(server), Does.Contain(((uint)SpyServerSettingType.IqFormat, code)));
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(1.0));
        });
    }

    [Test]
    public async Task A_rate_not_on_offer_Should_be_captured_at_the_next_faster_rate_for_the_requested_duration()
    {
        await using var server = new SpyServerEmulator();

        var (capture, failure) = await CaptureAsync(Spy(server), Request(seconds: 0.25, rateHz: 40_000));

        Assert.That(failure, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(capture!.SampleRateHz, Is.EqualTo(48_000));
            Assert.That(capture.SampleCount, Is.EqualTo(12_000), "0.25 s at the rate the server offers");
            Assert.That(capture.Timing.Warnings[0], Does.StartWith($"{server.Url} offers no IQ rate of exactly 40000 Hz: captured at 48000 Hz (decimation stage 4)"));
        });
    }

    [Test]
    public async Task A_start_ahead_Should_keep_the_first_sample_at_or_after_it()
    {
        await using var server = new SpyServerEmulator();
        var start = DateTimeOffset.UtcNow.AddSeconds(1.5);

        var (capture, failure) = await CaptureAsync(Spy(server), Request(seconds: 0.25, startAtUtc: start));

        Assert.That(failure, Is.Null);
        // The first kept sample is the first whose host-clock instant is at or after the start: within one sample of it,
        // by the origin fitted over the capture (which can only move earlier as frames arrive, so not before the start).
        Assert.That((capture!.CaptureStartUtc - start).TotalMilliseconds, Is.GreaterThanOrEqualTo(-20.0).And.LessThan(25.0));
    }

    [Test]
    public async Task When_the_server_is_full_Should_refuse_with_its_cool_down_and_quote_the_close()
    {
        await using var server = new SpyServerEmulator(new SpyServerEmulatorOptions { MaximumClients = 0 });

        var (_, failure) = await CaptureAsync(Spy(server, """{"fullCoolDownSeconds": 120}"""), Request());

        var refusal = failure as ReceiverRefusedException;
        Assert.That(refusal, Is.Not.Null, failure?.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(refusal!.CoolDown, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(refusal.Message, Is.EqualTo($"{server.Url} closed the connection (between messages) after HELLO, without DEVICE_INFO: a SpyServer turns a client away so when it already serves maximum_clients clients (or will not serve this one). Not contacted again for 120 s (settings.fullCoolDownSeconds)."));
            Assert.That(server.Clients.Single().TurnedAway, Is.True);
        });
    }

    [Test]
    public async Task Without_a_device_Another_protocol_or_a_short_DEVICE_INFO_Should_be_refused_saying_which()
    {
        await using var noDevice = new SpyServerEmulator(new SpyServerEmulatorOptions { DeviceType = 0 });
        await using var otherProtocol = new SpyServerEmulator(new SpyServerEmulatorOptions { ProtocolId = (3u << 24) | 100 });
        await using var shortInfo = new SpyServerEmulator(new SpyServerEmulatorOptions { DeviceInfoBytes = 40 });

        var (_, none) = await CaptureAsync(Spy(noDevice), Request());
        var (_, other) = await CaptureAsync(Spy(otherProtocol), Request());
        var (_, brief) = await CaptureAsync(Spy(shortInfo), Request());

        Assert.Multiple(() =>
        {
            Assert.That(none, Is.TypeOf<ReceiverRefusedException>().With.Message.EqualTo($"{noDevice.Url} runs without a device (DEVICE_INFO device type 0): the server is up but its SDR is missing or failed."));
            Assert.That(other, Is.TypeOf<ReceiverRefusedException>().With.Message.EqualTo($"{otherProtocol.Url} speaks SpyServer protocol 3.0.100 (header hex 03000064); this driver speaks 2.0.1700, and major and minor must match (as SDR# and SDR++ require)."));
            Assert.That(brief, Is.TypeOf<ReceiverRefusedException>().With.Message.EqualTo($"{shortInfo.Url} sent a DEVICE_INFO of 40 bytes, where a SpyServer sends 48: not a SpyServer this driver understands."));
            Assert.That(noDevice.Clients.Single().Settings, Is.Empty, "nothing is set on a server without a device");
        });
    }

    [Test]
    public async Task When_nothing_listens_Should_fail_saying_so_to_be_retried()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var (_, failure) = await CaptureAsync(SpyServerSettingsTests.Receiver($"sdr://127.0.0.1:{port}"), Request());

        Assert.That(failure, Is.TypeOf<IOException>().With.Message.EqualTo($"sdr://127.0.0.1:{port} refused the connection: nothing listens there (is spyserver running, and its bind_host and bind_port as configured?)."));
    }

    [Test]
    public async Task A_stall_Should_fail_within_the_watchdog_naming_it()
    {
        await using var server = new SpyServerEmulator(new SpyServerEmulatorOptions { StallAfterFrames = 5 });
        var watch = Stopwatch.StartNew();

        var (_, failure) = await CaptureAsync(Spy(server, """{"stallTimeoutSeconds": 0.5}"""), Request(seconds: 1));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.StartWith($"{server.Url} sent nothing for 0.5 s 2400 of 48000 samples into the capture"));
            Assert.That(failure.Message, Does.EndWith("(stall watchdog, settings.stallTimeoutSeconds): its device has stopped delivering, or the server hangs."));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the stall was reported by the watchdog, not by the server's close 10 s later");
        });
    }

    [Test]
    public async Task A_close_or_a_reset_mid_capture_Should_fail_naming_how_far_it_got()
    {
        await using var closing = new SpyServerEmulator(new SpyServerEmulatorOptions { CloseAfterFrames = 10 });
        await using var resetting = new SpyServerEmulator(new SpyServerEmulatorOptions { ResetAfterFrames = 10 });

        var (_, closed) = await CaptureAsync(Spy(closing), Request(seconds: 1));
        var (_, reset) = await CaptureAsync(Spy(resetting), Request(seconds: 1));

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.TypeOf<IOException>());
            Assert.That(closed!.Message, Does.StartWith($"{closing.Url} closed the connection (between messages) 7200 of 48000 samples into the capture"));
            Assert.That(closed.Message, Does.EndWith("a SpyServer ends a session so when it stops or restarts, or when its maximum_session_duration is reached."));
            Assert.That(reset, Is.TypeOf<IOException>());
            Assert.That(reset!.Message, Does.StartWith($"{resetting.Url} reset the connection (TCP RST)"));
        });
    }

    [Test]
    public async Task Dropped_frames_Should_fail_the_capture_by_default_and_be_zeros_counted_and_said_when_allowed()
    {
        await using var server = new SpyServerEmulator(new SpyServerEmulatorOptions { DropEveryNthFrame = 7 });

        var (_, failure) = await CaptureAsync(Spy(server), Request(seconds: 0.5));
        var (capture, allowed) = await CaptureAsync(Spy(server, """{"maxLostSamples": 10000}"""), Request(seconds: 0.5));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.Contain("skipped 1 IQ frames (sequence gap, about 960 samples)").And.Contain("settings.maxLostSamples allows 0."));
        Assert.That(allowed, Is.Null);
        var zeroRuns = ZeroSampleRuns(capture!.Iq);
        Assert.Multiple(() =>
        {
            // Kept from sample 2400 (the 50 ms discard) to 26400: frames 3 to 28 of 960 samples; 7, 14, 21 and 28 are
            // dropped, the last only half inside the capture.
            Assert.That(capture.Timing.SequenceGaps, Is.EqualTo(4));
            Assert.That(zeroRuns, Is.EqualTo(new[] { 960, 960, 960, 480 }));
            Assert.That(capture.Timing.Warnings[^1], Is.EqualTo("4 IQ frames were missing from the sequence numbers: 3360 samples lost, zeros in their place (settings.maxLostSamples 10000)."));
        });
    }

    /// <summary>Lengths of the runs of all-zero samples (a lost frame's place; noise never gives two zero samples in a row).</summary>
    private static List<int> ZeroSampleRuns(byte[] ci16)
    {
        var runs = new List<int>();
        var run = 0;
        for (var i = 0; i < ci16.Length; i += 4)
        {
            if (BitConverter.ToInt32(ci16, i) == 0)
            {
                run++;
            }
            else if (run > 0)
            {
                runs.Add(run);
                run = 0;
            }
        }

        if (run > 0)
        {
            runs.Add(run);
        }

        return runs.Where(r => r > 1).ToList();
    }

    [Test]
    public async Task Watching_another_controller_Should_capture_inside_its_band_without_retuning_it()
    {
        await using var server = new SpyServerEmulator(new SpyServerEmulatorOptions { ControlledByAnother = true, DeviceCenterHz = 145_300_000 });

        var (capture, failure) = await CaptureAsync(Spy(server, """{"gain": 3}"""), Request(seconds: 0.25));

        Assert.That(failure, Is.Null);
        var measured = SignalAnalyzer.Measure(capture!.Iq, capture.Format, capture.SampleRateHz);
        Assert.Multiple(() =>
        {
            Assert.That(server.Device, Is.EqualTo((145_300_000u, 5u)), "the device stays where its controller put it");
            Assert.That(Sent(server).Any(s => s.Item1 == (uint)SpyServerSettingType.Gain), Is.False);
            Assert.That(capture.Timing.Warnings[0], Is.EqualTo("settings.gain 3 was not sent: another client controls the device, whose gain index 5 applies."));
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(1.0));
        });
    }

    [Test]
    public async Task Outside_the_controllers_band_Should_be_refused_before_any_setting()
    {
        await using var server = new SpyServerEmulator(new SpyServerEmulatorOptions { ControlledByAnother = true, DeviceCenterHz = 146_000_000 });

        var (_, failure) = await CaptureAsync(Spy(server), Request());

        Assert.That(failure, Is.TypeOf<ReceiverRefusedException>());
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo($"{server.Url}: another client controls the device, tuned to 146000000 Hz; an IQ window may be centred only between 145671500 and 146328500 Hz (CLIENT_SYNC), and 145500000 Hz is outside."));
            Assert.That(Sent(server), Is.Empty);
        });
    }

    [Test]
    public async Task When_another_listener_retunes_the_device_mid_capture_Should_fail_naming_the_move()
    {
        await using var server = new SpyServerEmulator(new SpyServerEmulatorOptions { ControlledByAnother = true, DeviceCenterHz = 145_300_000, RetuneAfterFrames = 8, RetuneByHz = 50_000 });

        var (_, failure) = await CaptureAsync(Spy(server), Request(seconds: 1));

        Assert.That(failure, Is.TypeOf<IOException>());
        Assert.That(failure!.Message, Does.StartWith($"{server.Url} sent CLIENT_SYNC ").And.Contain("the controlling client moved it (device centre 145300000 → 145350000 Hz, this client's IQ centre 145500000 → 145500000 Hz, gain index 5 → 5); the samples are no longer those asked for at 145500000 Hz."));
    }

    [Test]
    public async Task Probe_Should_report_the_device_a_full_server_and_a_server_without_a_device()
    {
        await using var healthy = new SpyServerEmulator();
        await using var full = new SpyServerEmulator(new SpyServerEmulatorOptions { MaximumClients = 0 });
        await using var empty = new SpyServerEmulator(new SpyServerEmulatorOptions { DeviceType = 0 });

        var ok = await Driver.ProbeAsync(Spy(healthy), CancellationToken.None);
        var busy = await Driver.ProbeAsync(Spy(full), CancellationToken.None);
        var none = await Driver.ProbeAsync(Spy(empty), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ok.Reachable, Is.True);
            Assert.That(ok.Version, Is.EqualTo("SpyServer protocol 2.0.1700, Airspy HF+ serial 0x3A5B1C2D"));
            Assert.That(ok.Detail, Does.Contain("Airspy HF+ serial 0x3A5B1C2D, up to 768000 Hz, 0.009–260 MHz, 18-bit ADC; rates 768000, 384000, 192000, 96000, 48000, 24000, 12000, 6000, 3000 Hz; this client may control the device, device centre 145000000 Hz"));
            Assert.That(healthy.Clients.Single().Settings, Is.Empty, "a probe sets nothing");
            Assert.That(busy.Reachable, Is.True);
            Assert.That(busy.Detail, Does.Contain("without DEVICE_INFO"));
            Assert.That(none.Reachable, Is.False);
            Assert.That(none.Detail, Does.EndWith("the server runs without a device; disconnected without a setting."));
        });
    }
}
