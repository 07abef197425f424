using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.OpenWebRx;
using Heimdall.Signal;
using Heimdall.Testing;
using Heimdall.Testing.OpenWebRx;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.OpenWebRx;

/// <summary>
/// The driver against the in-test OpenWebRX (OpenWebRxEmulator) on a real 127.0.0.1 socket, as OpenWebRX+ and as
/// OpenWebRX 1.1: what it says and selects, what it delivers (audio, spectrum, a spectrum-based measurement), and every
/// refusal and fault, each named.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class OpenWebRxDriverTests
{
    private const double FrequencyHz = 145_500_000;
    private const double ToneOffsetHz = 1_234.5;

    private static OpenWebRxDriver NewDriver() => new(TimeProvider.System, NullLogger<OpenWebRxDriver>.Instance);

    private static Receiver Owrx(OpenWebRxEmulator server, string settings = """{"audioDiscardMs": 200, "connectLeadSeconds": 0}""") =>
        OpenWebRxSettingsTests.Receiver(server.Url, settings);

    private static CaptureRequest Request(double seconds = 1, double frequencyHz = FrequencyHz) =>
        new(Guid.NewGuid(), frequencyHz, 12_000, (long)Math.Round(seconds * 12_000), DateTimeOffset.UtcNow);

    private static async Task<(RawCapture? Capture, Exception? Failure)> CaptureAsync(OpenWebRxDriver driver, Receiver receiver, CaptureRequest request, double limitSeconds = 15)
    {
        try
        {
            return (await driver.CaptureAsync(receiver, request, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(limitSeconds)), null);
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

    private static async Task<(RawCapture? Capture, Exception? Failure)> CaptureAsync(Receiver receiver, CaptureRequest request)
    {
        using var driver = NewDriver();
        return await CaptureAsync(driver, receiver, request);
    }

    [Test]
    public async Task OpenWebRX_plus_Should_give_the_widest_sideband_audio_the_spectrum_and_a_spectrum_measurement()
    {
        await using var server = new OpenWebRxEmulator();
        var request = Request();

        var (capture, failure) = await CaptureAsync(Owrx(server), request);

        Assert.That(failure, Is.Null, failure?.ToString());
        var client = server.Clients.Single();
        var measured = capture!.Measurement!;
        var uncertainty = measured.Uncertainty!;
        var audio = SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz);
        Assert.Multiple(() =>
        {
            Assert.That(client.Handshake, Is.EqualTo("SERVER DE CLIENT client=heimdall type=receiver"));
            Assert.That(client.Messages, Is.EqualTo(new[]
            {
                """{"type":"connectionproperties","params":{"output_rate":12000,"hd_output_rate":48000}}""",
                """{"type":"dspcontrol","params":{"low_cut":0,"high_cut":19200,"offset_freq":490400,"mod":"usbd","squelch_level":-150}}""",
                """{"type":"dspcontrol","action":"start"}""",
            }));
            Assert.That(capture.Format, Is.EqualTo(SampleFormat.Ri16Le));
            Assert.That(capture.SampleRateHz, Is.EqualTo(48_000));
            Assert.That(capture.SampleCount, Is.EqualTo(48_000));
            Assert.That(capture.Iq, Has.Length.EqualTo(96_000));
            Assert.That(capture.Audio, Is.EqualTo(new AudioDescription
            {
                Demodulator = "usbd", PassbandLowHz = 0, PassbandHighHz = 19_200, DialFrequencyHz = 145_490_400, RequestedAudioFrequencyHz = 9_600,
                Inverted = false, Decompression = "IMA ADPCM with sync blocks every 1000 bytes (OpenWebRX+), decoded by Heimdall", SyncLosses = 0,
            }));

            // A real tone in the audio shows at ± its frequency: the carrier 1234.5 Hz above the request, heard 9.6 kHz up.
            Assert.That(Math.Abs(audio.FrequencyOffsetHz!.Value), Is.EqualTo(9_600 + ToneOffsetHz).Within(1.0));
            Assert.That(capture.Spectrum!.FftSize, Is.EqualTo(4096));
            Assert.That(capture.Spectrum.Lines, Has.Count.InRange(8, 12), "10 lines a second");
            Assert.That(capture.Spectrum.SMeter, Has.Count.InRange(3, 5), "4 readings a second");
            Assert.That(capture.Spectrum.Compression, Is.EqualTo("adpcm"));
            Assert.That(measured.Basis, Is.EqualTo(MeasurementBasis.Audio), "the server codes its FFT lines in ADPCM");
            Assert.That(measured.SignalDetected, Is.True);

            // The emulated carrier, 1e-4 of full scale, over noise of 1e-4/1.2e6 per Hz in the 19.2 kHz passband: SNR
            // 10·log10(62.5) = 17.96 dB, power 1e-4 + 1.6e-6; each within three of the measurement's own standard uncertainties.
            Assert.That(measured.SnrDb, Is.EqualTo(10 * Math.Log10(62.5)).Within(3 * uncertainty.SnrDb!.Value));
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(3 * uncertainty.FrequencyOffsetHz!.Value));
            Assert.That(measured.PowerDbfs, Is.EqualTo(10 * Math.Log10(1e-4 + 1.6e-6)).Within(3 * uncertainty.PowerDb!.Value));
            Assert.That(measured.NoiseFloorDbfsPerHz, Is.EqualTo(10 * Math.Log10(1e-4 / 1.2e6)).Within(3 * Math.Sqrt(Math.Pow(uncertainty.SnrDb!.Value, 2) + Math.Pow(uncertainty.PowerDb!.Value, 2))));
            Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock));
            Assert.That(capture.Timing.ReceiverVersion, Is.EqualTo("OpenWebRX 1.2.121"));
            Assert.That(capture.Timing.Warnings[0], Does.StartWith("OpenWebRX streams no IQ and no time stamps: this is the server's usbd audio (0…19200 Hz at dial 145490400 Hz, the requested frequency heard at 9600 Hz)"));
            Assert.That(capture.CaptureStartUtc, Is.GreaterThanOrEqualTo(request.StartAtUtc));
        });
    }

    [Test]
    public async Task OpenWebRX_1_1_Should_use_usb_at_12_kHz_and_decode_its_continuous_ADPCM()
    {
        // usb's 300…3000 Hz passband holds ±1350 Hz around the request, less the filter's edges: a carrier 234.5 Hz up.
        await using var server = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { Plus = false, ToneFrequencyHz = FrequencyHz + 234.5 });

        var (capture, failure) = await CaptureAsync(Owrx(server), Request());

        Assert.That(failure, Is.Null, failure?.ToString());
        var audio = SignalAnalyzer.Measure(capture!.Iq, capture.Format, capture.SampleRateHz);
        Assert.Multiple(() =>
        {
            Assert.That(capture.Audio!.Demodulator, Is.EqualTo("usb"));
            Assert.That(capture.Audio.DialFrequencyHz, Is.EqualTo(145_498_350), "the request in the middle of 300…3000 Hz");
            Assert.That(capture.Audio.Decompression, Is.EqualTo("IMA ADPCM, one continuous stream (OpenWebRX 1.x), decoded by Heimdall"));
            Assert.That(capture.SampleRateHz, Is.EqualTo(12_000));
            Assert.That(capture.SampleCount, Is.EqualTo(12_000));
            Assert.That(Math.Abs(audio.FrequencyOffsetHz!.Value), Is.EqualTo(1_650 + 234.5).Within(1.0));
            Assert.That(capture.Timing.ReceiverVersion, Is.EqualTo("OpenWebRX v1.1.0-dev"));
            Assert.That(capture.Measurement!.Basis, Is.EqualTo(MeasurementBasis.Audio));
            // In usb's 2700 Hz passband: SNR 1e-4 / (1e-4/1.2e6 · 2700) = 444.4 (26.48 dB), power 1e-4 + 2.25e-7.
            Assert.That(capture.Measurement.SnrDb, Is.EqualTo(10 * Math.Log10(1.2e6 / 2700)).Within(3 * capture.Measurement.Uncertainty!.SnrDb!.Value));
            Assert.That(capture.Measurement.FrequencyOffsetHz, Is.EqualTo(234.5).Within(3 * capture.Measurement.Uncertainty!.FrequencyOffsetHz!.Value));
            Assert.That(capture.Measurement.PowerDbfs, Is.EqualTo(10 * Math.Log10(1e-4 + 2.25e-7)).Within(3 * capture.Measurement.Uncertainty!.PowerDb!.Value));
        });
    }

    [Test]
    public async Task Uncompressed_audio_and_FFT_Should_be_read_as_sent()
    {
        await using var server = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { AudioCompression = "none", FftCompression = "none" });

        var (capture, failure) = await CaptureAsync(Owrx(server), Request(seconds: 0.5));

        Assert.That(failure, Is.Null, failure?.ToString());
        var audio = SignalAnalyzer.Measure(capture!.Iq, capture.Format, capture.SampleRateHz);
        Assert.Multiple(() =>
        {
            Assert.That(capture.Audio!.Decompression, Is.EqualTo("none (int16 little-endian as sent)"));
            Assert.That(capture.Spectrum!.Compression, Is.EqualTo("none"));
            Assert.That(Math.Abs(audio.FrequencyOffsetHz!.Value), Is.EqualTo(9_600 + ToneOffsetHz).Within(2.0));
            var measured = capture.Measurement!;
            var uncertainty = measured.Uncertainty!;
            Assert.That(measured.Basis, Is.EqualTo(MeasurementBasis.Spectrum), "uncompressed FFT lines measure a carrier as they are");
            Assert.That(measured.SnrDb, Is.EqualTo(20).Within(3 * uncertainty.SnrDb!.Value));
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneOffsetHz).Within(3 * uncertainty.FrequencyOffsetHz!.Value));
            Assert.That(measured.PowerDbfs, Is.EqualTo(10 * Math.Log10(1e-4 + 1e-6)).Within(3 * uncertainty.PowerDb!.Value));
            Assert.That(uncertainty.FrequencyOffsetHz, Is.GreaterThanOrEqualTo(2_400_000 / 4096.0 / Math.Sqrt(12)), "never finer than the FFT's resolution");
        });
    }

    [Test]
    public async Task The_spectrum_basis_on_ADPCM_lines_Should_say_that_the_codec_flattens_peaks()
    {
        await using var server = new OpenWebRxEmulator();

        var (capture, failure) = await CaptureAsync(Owrx(server, """{"basis": "spectrum", "audioDiscardMs": 200, "connectLeadSeconds": 0}"""), Request(seconds: 0.5));

        Assert.That(failure, Is.Null, failure?.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(capture!.Measurement!.Basis, Is.EqualTo(MeasurementBasis.Spectrum));
            Assert.That(capture.Timing.Warnings, Does.Contain("The server codes its FFT lines in ADPCM, whose slope overload flattens a narrow peak and shifts it a few bins: a carrier's level and offset from these lines are low and late (settings.basis \"audio\" measures from the audio instead)."));
        });
    }

    [Test]
    public async Task Too_many_clients_a_ban_and_no_SDR_Should_be_refused_with_their_cool_downs_quoting_the_server()
    {
        await using var full = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { MaxClients = 0 });
        await using var banned = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { Banned = true });
        await using var empty = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { NoSdr = true });

        var (_, tooMany) = await CaptureAsync(Owrx(full), Request());
        var (_, ban) = await CaptureAsync(Owrx(banned), Request());
        var (_, noSdr) = await CaptureAsync(Owrx(empty), Request());

        Assert.Multiple(() =>
        {
            Assert.That(tooMany, Is.TypeOf<ReceiverRefusedException>());
            Assert.That(((ReceiverRefusedException)tooMany!).CoolDown, Is.EqualTo(TimeSpan.FromSeconds(300)));
            Assert.That(tooMany!.Message, Is.EqualTo($"OpenWebRX {full.Url.TrimEnd('/')} said backoff 'Too many clients' at connect: every one of its max_clients client places is taken (or, on OpenWebRX+, this address already has max_clients_per_ip). Not contacted again for 300 s (settings.tooManyClientsCoolDownSeconds)."));
            Assert.That(ban, Is.TypeOf<ReceiverRefusedException>());
            Assert.That(((ReceiverRefusedException)ban!).CoolDown, Is.EqualTo(TimeSpan.FromHours(12)));
            Assert.That(ban!.Message, Is.EqualTo($"OpenWebRX {banned.Url.TrimEnd('/')} said backoff 'Client address banned' at connect: OpenWebRX+ banned this address as a robot (several connections, or profile changes, from one address within seconds); a ban lasts 12 hours. Not contacted again for 43200 s (settings.bannedCoolDownSeconds)."));
            Assert.That(noSdr, Is.TypeOf<ReceiverRefusedException>());
            Assert.That(((ReceiverRefusedException)noSdr!).CoolDown, Is.EqualTo(TimeSpan.FromSeconds(600)));
            Assert.That(noSdr!.Message, Is.EqualTo($"OpenWebRX {empty.Url.TrimEnd('/')} said sdr_error 'No SDR Devices available' at connect: its SDR is not available. Not contacted again for 600 s (settings.sdrErrorCoolDownSeconds)."));
            Assert.That(full.Clients.Single().Backoff, Is.EqualTo("Too many clients"));
        });
    }

    [Test]
    public async Task Outside_the_current_profile_Should_be_refused_unless_the_registry_allows_a_profile_which_is_then_selected_once()
    {
        await using var server = new OpenWebRxEmulator();
        var request = Request(frequencyHz: 435_100_000);

        var (_, refused) = await CaptureAsync(Owrx(server), request);
        var (capture, failure) = await CaptureAsync(Owrx(server, """{"profiles": ["rtlsdr|70cm"], "audioDiscardMs": 200, "connectLeadSeconds": 0}"""), Request(seconds: 0.5, frequencyHz: 435_100_000));

        Assert.That(refused, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(refused!.Message, Is.EqualTo($"OpenWebRX {server.Url.TrimEnd('/')}: 435100000 Hz (with its 12000 Hz band and the usbd passband) is outside the current profile rtlsdr|2m (145000000 Hz ± 1200000 Hz), and settings.profiles allows no profile change (a change retunes the SDR for every listener)."));
        Assert.That(failure, Is.Null, failure?.ToString());
        var selections = server.Clients.SelectMany(c => c.Messages).Count(m => m.Contains("selectprofile", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(selections, Is.EqualTo(1));
            Assert.That(server.Clients[1].Messages[1], Is.EqualTo("""{"type":"selectprofile","params":{"profile":"rtlsdr|70cm"}}"""));
            Assert.That(server.CurrentProfile.Id, Is.EqualTo("rtlsdr|70cm"));
            Assert.That(server.Clients[1].RobotAlert, Is.LessThan(30), "one profile change per session stays far from a ban");
            Assert.That(server.BannedUntil, Is.Null);
            Assert.That(capture!.Timing.Warnings, Does.Contain("The profile was switched to rtlsdr|70cm for this capture: it applies to every listener of that SDR."));
        });
    }

    [Test]
    public async Task A_locked_profile_Should_be_refused_quoting_the_server()
    {
        await using var server = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions
        {
            Profiles = [new("rtlsdr", "2m", "2m", 145_000_000, 2_400_000), new("rtlsdr", "70cm", "70cm", 435_000_000, 2_400_000, Locked: true)],
        });

        var (_, failure) = await CaptureAsync(Owrx(server, """{"profiles": ["rtlsdr|70cm"], "connectLeadSeconds": 0}"""), Request(frequencyHz: 435_100_000));

        Assert.That(failure, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(failure!.Message, Is.EqualTo($"OpenWebRX {server.Url.TrimEnd('/')} said 'This profile is locked, keeping current profile.' to selectprofile rtlsdr|70cm: its owner locked the profiles, and 435100000 Hz is outside the current one, rtlsdr|2m (145000000 Hz ± 1200000 Hz)."));
        Assert.That(server.CurrentProfile.Id, Is.EqualTo("rtlsdr|2m"));
    }

    [Test]
    public async Task A_profile_selected_by_another_listener_mid_capture_Should_fail_naming_both()
    {
        await using var server = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { OtherListenerSelectsAfter = TimeSpan.FromSeconds(0.6) });

        var (_, failure) = await CaptureAsync(Owrx(server), Request(seconds: 2));

        Assert.That(failure, Is.TypeOf<ReceiverStreamException>());
        Assert.That(failure!.Message, Does.StartWith($"OpenWebRX {server.Url.TrimEnd('/')} switched the profile from rtlsdr|2m (145000000 Hz ± 1200000 Hz) to rtlsdr|70cm (435000000 Hz ± 1200000 Hz) ")
            .And.EndWith("another listener selected it (a profile applies to every listener of the SDR), so the audio and spectrum are no longer those of 145500000 Hz."));
    }

    [Test]
    public async Task A_stall_a_close_a_reset_and_a_failing_SDR_Should_each_end_the_capture_naming_it()
    {
        await using var stalled = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { StallAudioAfter = TimeSpan.FromSeconds(0.5) });
        await using var closing = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { CloseAfter = TimeSpan.FromSeconds(0.5) });
        await using var resetting = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { ResetAfter = TimeSpan.FromSeconds(0.5) });
        await using var failing = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { SdrFailsAfter = TimeSpan.FromSeconds(0.5) });
        const string Quick = """{"audioDiscardMs": 200, "connectLeadSeconds": 0, "stallTimeoutSeconds": 1}""";

        var (_, stall) = await CaptureAsync(Owrx(stalled, Quick), Request(seconds: 2));
        var (_, close) = await CaptureAsync(Owrx(closing, Quick), Request(seconds: 2));
        var (_, reset) = await CaptureAsync(Owrx(resetting, Quick), Request(seconds: 2));
        var (_, sdr) = await CaptureAsync(Owrx(failing, Quick), Request(seconds: 2));

        Assert.Multiple(() =>
        {
            Assert.That(stall, Is.TypeOf<IOException>());
            Assert.That(stall!.Message, Does.Match(@"^OpenWebRX http://127\.0\.0\.1:\d+ sent no audio for 1 s \d+ of 96000 audio samples into the capture \(stall watchdog, settings\.stallTimeoutSeconds\): its demodulator has stopped, or the server hangs\.$"));
            Assert.That(close, Is.InstanceOf<IOException>());
            Assert.That(close!.Message, Does.Contain("the connection was closed without a WebSocket close (TCP FIN)").Or.Contain("reset (TCP RST)"));
            Assert.That(reset, Is.InstanceOf<IOException>());
            Assert.That(reset!.Message, Does.Contain("the connection was reset (TCP RST)").Or.Contain("closed without a WebSocket close"));
            Assert.That(sdr, Is.TypeOf<ReceiverRefusedException>());
            Assert.That(sdr!.Message, Does.Contain("said sdr_error 'SDR device \"RTL-SDR\" has failed, selecting new device'").And.Contain("audio samples into the capture: its SDR is not available."));
        });
    }

    [Test]
    public async Task Captures_at_once_Should_take_turns_on_one_server_and_never_score_as_a_robot()
    {
        await using var server = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { MaxClientsPerIp = 1 });
        using var driver = NewDriver();
        var receiver = Owrx(server);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CaptureAsync(driver, receiver, Request(seconds: 0.5), limitSeconds: 30)));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Failure?.Message), Is.All.Null);
            Assert.That(server.Clients, Has.Count.EqualTo(3));
            Assert.That(server.Clients.Select(c => c.Backoff), Is.All.Null, "one session at a time: never over max_clients_per_ip");
            Assert.That(server.BannedUntil, Is.Null);
        });
    }

    [Test]
    public async Task The_emulated_server_Should_ban_an_address_that_opens_five_sessions_within_seconds()
    {
        // What the gate above prevents: OpenWebRX+ scores a new session with the sum over the address's open sessions of
        // max(0, 10 − their age in s), and bans the address at 30.
        await using var server = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { MaxClientsPerIp = 10 });
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var socket = new ClientWebSocket();
                sockets.Add(socket);
                await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/ws/"), CancellationToken.None);
                await socket.SendAsync(Encoding.ASCII.GetBytes("SERVER DE CLIENT client=robot type=receiver"), WebSocketMessageType.Text, true, CancellationToken.None);
                var index = i;
                await Eventually.True(() => server.Clients.Count == index + 1 && (server.Clients[index].Backoff is not null || server.Clients[index].FftLines > 0),
                    $"session {index + 1} admitted or turned away", TimeSpan.FromSeconds(5));
            }

            Assert.Multiple(() =>
            {
                // Four open sessions younger than a few seconds score almost 40: the fifth is banned, and the four closed.
                Assert.That(server.Clients.Take(4).Select(c => c.Backoff), Is.All.Null);
                Assert.That(server.Clients[4].Backoff, Is.EqualTo("Client address banned"));
                Assert.That(server.BannedUntil, Is.EqualTo(DateTimeOffset.UtcNow.AddHours(12)).Within(TimeSpan.FromMinutes(1)));
                Assert.That(server.Clients.Take(4).Select(c => c.BannedWhileConnected), Is.All.True);
            });
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Test]
    public async Task Probe_Should_read_status_json_without_opening_a_receiver_session()
    {
        await using var server = new OpenWebRxEmulator();
        await using var empty = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions { NoSdr = true });
        using var driver = NewDriver();
        using var nothing = new TcpListener(IPAddress.Loopback, 0);
        nothing.Start();
        var port = ((IPEndPoint)nothing.LocalEndpoint).Port;
        nothing.Stop();

        var ok = await driver.ProbeAsync(Owrx(server), CancellationToken.None);
        var none = await driver.ProbeAsync(Owrx(empty), CancellationToken.None);
        var gone = await driver.ProbeAsync(OpenWebRxSettingsTests.Receiver($"http://127.0.0.1:{port}/"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ok.Reachable, Is.True);
            Assert.That(ok.UsersMax, Is.EqualTo(20));
            Assert.That(ok.Version, Is.EqualTo("OpenWebRX 1.2.121"));
            Assert.That(ok.Detail, Does.Contain("'Heimdall test OpenWebRX' (Torino), OpenWebRX 1.2.121, max_clients 20, 2 profiles"));
            Assert.That(server.StatusRequests, Is.EqualTo(1));
            Assert.That(server.Upgrades, Is.Zero, "a probe never opens a receiver session (it would count against the robot score)");
            Assert.That(none.Reachable, Is.False);
            Assert.That(none.Detail, Does.EndWith("It lists no active SDR profile."));
            Assert.That(gone.Reachable, Is.False);
            Assert.That(gone.Detail, Does.StartWith($"GET http://127.0.0.1:{port}/status.json: "));
        });
    }

    [Test]
    public void The_kind_Should_be_registered_with_its_validation()
    {
        using var driver = NewDriver();
        var drivers = new ReceiverDrivers([driver]);
        Assert.That(drivers.Validate(OpenWebRxSettingsTests.Receiver()), Is.Empty);
        Assert.That(drivers.Validate(OpenWebRxSettingsTests.Receiver("owrx.example")), Has.Count.EqualTo(1));
    }
}
