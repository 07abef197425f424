using System.Net;
using System.Net.Sockets;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using static Heimdall.Receivers.Tests.KiwiSdr.KiwiTestKit;

namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>Every refusal and failure mode of a Kiwi, against the emulator on a real socket: the reason quotes the server, nothing hangs.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class KiwiSdrDriverFailureTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(3);

    // .NET timers count whole ticks of the system clock (1 ms on Linux, 15.6 ms on Windows), so a timeout
    // can fire up to one tick before a Stopwatch says it is due.
    private static readonly TimeSpan TimerTick = TimeSpan.FromMilliseconds(16);

    private static async Task<(Exception Error, TimeSpan Elapsed, KiwiEmulator Kiwi)> FailAsync(KiwiEmulatorOptions options, string settings = "{}")
    {
        var kiwi = new KiwiEmulator(options);
        var (error, elapsed) = await FailingCaptureAsync(Receiver(kiwi, settings));
        return (error, elapsed, kiwi);
    }

    [Test]
    public async Task When_the_Kiwi_answers_too_busy_at_connect_Should_refuse_with_its_words_and_the_too_busy_cool_down()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { RefuseAtConnect = "too_busy=4" });
        await using var _ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.StartWith($"KiwiSDR ws://127.0.0.1:{kiwi.Port}/").And.Contain("said 'MSG too_busy=4' at connect: too busy (4 channels of this kind in use")
            .And.EndWith("Not contacted again for 300 s (settings.tooBusyCoolDownSeconds)."));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(elapsed, Is.LessThan(Quick));
        Assert.That(kiwi.SoundUpgrades, Is.EqualTo(1), "one connection, no retry of its own");
    }

    [Test]
    public async Task When_the_Kiwi_refuses_and_then_keeps_the_socket_open_and_silent_Should_still_fail_at_once()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { RefuseAtConnect = "too_busy=8", StaySilentAfterRefusal = true }, """{"tooBusyCoolDownSeconds":60}""");
        await using var _ = kiwi;
        Assert.That(error.Message, Does.Contain("said 'MSG too_busy=8' at connect").And.Contain("Not contacted again for 60 s"));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(elapsed, Is.LessThan(Quick));
    }

    [Test]
    public async Task When_the_Kiwi_says_too_busy_into_the_stream_Should_refuse_with_the_cool_down_and_say_when()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.Message, 20, "too_busy=2") });
        await using var _ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.Match(@"said 'MSG too_busy=2' \d+\.\d s into the stream: too busy \(2 channels"));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(elapsed, Is.LessThan(Quick));
    }

    [Test]
    public async Task When_the_Kiwi_says_ip_limit_Should_refuse_with_the_limit_the_IP_and_the_ip_limit_cool_down()
    {
        var (error, _, kiwi) = await FailAsync(new() { RefuseAtConnect = "ip_limit=60%2C192.0.2.7" });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.Contain("said 'MSG ip_limit=60%2C192.0.2.7' at connect: the 24-hour connect-time limit of 60 min for IP 192.0.2.7 is used up")
            .And.EndWith("Not contacted again for 86400 s (settings.ipLimitCoolDownSeconds)."));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [Test]
    public async Task When_the_Kiwi_says_ip_limit_mid_session_Should_refuse_with_the_cool_down()
    {
        var (error, _, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.Message, 10, "ip_limit=1%2C127.0.0.1") }, """{"ipLimitCoolDownSeconds":7200}""");
        await using var __ = kiwi;
        Assert.That(error.Message, Does.Contain("s into the stream: the 24-hour connect-time limit of 1 min for IP 127.0.0.1"));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public async Task When_the_password_is_wrong_Should_refuse_badp_1_without_a_cool_down()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { Password = "right" }, """{"password":"wrong"}""");
        await using var _ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.EndWith("said 'MSG badp=1' at connect: wrong or missing password, or every channel that needs no password is in use."));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.Null);
        Assert.That(kiwi.Sessions.Single().Commands[0], Is.EqualTo("SET auth t=kiwi p=wrong"));
        Assert.That(elapsed, Is.LessThan(Quick));
    }

    [TestCase("2", "the Kiwi is still determining its local interface address (try again in a few moments)")]
    [TestCase("3", "connections of this kind are not allowed from this IP address")]
    [TestCase("4", "no admin password is set, so only the Kiwi's local network may connect")]
    [TestCase("5", "no multiple connections from the same IP address")]
    [TestCase("6", "a database update is in progress (try again after a minute)")]
    [TestCase("7", "another admin connection is already open (only one at a time)")]
    public async Task When_the_Kiwi_answers_a_badp_code_Should_refuse_saying_what_it_means(string code, string meaning)
    {
        var (error, _, kiwi) = await FailAsync(new() { RefuseAtConnect = "badp=" + code });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.EndWith($"said 'MSG badp={code}' at connect: {meaning}."));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.Null);
    }

    [TestCase("0", "disabled by its admin")]
    [TestCase("1", "down for a software update")]
    [TestCase("2", "down for a backup")]
    public async Task When_the_Kiwi_is_down_Should_refuse_with_the_decoded_reason(string code, string meaning)
    {
        var (error, _, kiwi) = await FailAsync(new() { RefuseAtConnect = $"reason_disabled=Back%20at%2018%3A00%20UTC down={code}" });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.EndWith($"said 'MSG reason_disabled=Back%20at%2018%3A00%20UTC down={code}' at connect: {meaning}, reason: 'Back at 18:00 UTC'."));
        Assert.That(((ReceiverRefusedException)error).CoolDown, Is.Null);
    }

    [Test]
    public async Task When_an_extension_holds_the_Kiwi_Should_refuse_exclusive_use()
    {
        var (error, _, kiwi) = await FailAsync(new() { RefuseAtConnect = "exclusive_use" });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.EndWith("said 'MSG exclusive_use' at connect: an extension holds the Kiwi for exclusive use."));
    }

    [Test]
    public async Task When_the_Kiwi_times_the_session_out_for_inactivity_Should_fail_retryably_quoting_it()
    {
        var (error, _, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.Message, 5, "inactivity_timeout=30") });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.Contain("said 'MSG inactivity_timeout=30'").And.Contain("closed after 30 min without a retune"));
    }

    [Test]
    public async Task When_the_Kiwi_says_password_timeout_Should_fail_retryably_quoting_it()
    {
        var (error, _, kiwi) = await FailAsync(new() { RefuseAtConnect = "password_timeout" });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.EndWith("said 'MSG password_timeout' at connect: the session was closed because it did not authenticate in time."));
    }

    [Test]
    public async Task When_the_Kiwi_redirects_the_session_Should_follow_it_once_and_capture_there()
    {
        await using var next = new KiwiEmulator(new() { FullSpeed = true });
        await using var busy = new KiwiEmulator(new() { RefuseAtConnect = "redirect=" + Uri.EscapeDataString(next.Url + "/") });
        var capture = await Driver().CaptureAsync(Receiver(busy), Request(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(capture.SampleCount, Is.EqualTo(6_000));
        Assert.That(busy.SoundUpgrades, Is.EqualTo(1));
        Assert.That(next.SoundUpgrades, Is.EqualTo(1));
        Assert.That(next.Sessions.Single().Path, Does.Match(@"^/\d+/SND$"));
    }

    [Test]
    public async Task When_the_redirected_Kiwi_redirects_again_Should_refuse_without_following()
    {
        await using var third = new KiwiEmulator();
        await using var second = new KiwiEmulator(new() { RefuseAtConnect = "redirect=" + Uri.EscapeDataString(third.Url) });
        await using var first = new KiwiEmulator(new() { RefuseAtConnect = "redirect=" + Uri.EscapeDataString(second.Url) });
        var (error, _) = await FailingCaptureAsync(Receiver(first));
        Assert.That(error, Is.TypeOf<ReceiverRefusedException>());
        Assert.That(error.Message, Does.Contain($"busy, redirected to '{third.Url}'").And.Contain("Not followed: this session was already redirected once"));
        Assert.That(third.TcpConnections, Is.Zero);
    }

    [Test]
    public async Task When_the_upgrade_is_answered_with_a_307_Should_follow_it_once()
    {
        await using var target = new KiwiEmulator(new() { FullSpeed = true });
        await using var proxy = new KiwiEmulator(new() { UpgradeRedirectTo = target.Url + "/" });
        var capture = await Driver().CaptureAsync(Receiver(proxy), Request(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(capture.SampleCount, Is.EqualTo(6_000));
        Assert.That(target.Sessions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task When_the_redirect_of_the_upgrade_is_redirected_again_Should_fail_naming_both()
    {
        await using var third = new KiwiEmulator();
        await using var second = new KiwiEmulator(new() { UpgradeRedirectTo = third.Url + "/" });
        await using var first = new KiwiEmulator(new() { UpgradeRedirectTo = second.Url + "/" });
        var (error, _) = await FailingCaptureAsync(Receiver(first));
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.Contain($"(redirected from ws://127.0.0.1:{first.Port}/").And.Contain($"HTTP 307 redirect to '{third.Url}/'").And.Contain("only one redirect is followed"));
        Assert.That(third.TcpConnections, Is.Zero);
    }

    [Test]
    public async Task When_the_proxy_answers_404_Should_fail_saying_the_Kiwi_is_offline()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { UpgradeStatus = 404 });
        await using var _ = kiwi;
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.Contain("HTTP 404 Not Found on the WebSocket upgrade: the Kiwi is offline"));
        Assert.That(elapsed, Is.LessThan(Quick));
    }

    [Test]
    public async Task When_the_upgrade_gets_another_status_Should_fail_naming_it()
    {
        var (error, _, kiwi) = await FailAsync(new() { UpgradeStatus = 503 });
        await using var __ = kiwi;
        Assert.That(error.Message, Does.EndWith("HTTP 503 ServiceUnavailable on the WebSocket upgrade (a Kiwi answers 101 Switching Protocols)."));
    }

    [Test]
    public async Task When_nothing_listens_Should_fail_saying_it_could_not_connect()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (error, elapsed) = await FailingCaptureAsync(Receiver($"http://127.0.0.1:{port}"));
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.StartWith($"ws://127.0.0.1:{port}/").And.Contain(": could not connect: Connection refused"));
        Assert.That(elapsed, Is.LessThan(Quick));
    }

    [Test]
    public async Task When_the_stream_stalls_Should_fail_after_the_stall_timeout()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.Stall, 15) }, """{"stallTimeoutSeconds":0.5}""");
        await using var _ = kiwi;
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.Match(@"stalled: the socket is open but no SND frame came for 0\.5 s \(settings\.stallTimeoutSeconds\), \d+\.\d s into the stream, after 15 SND frames\."));
        Assert.That(elapsed, Is.InRange(TimeSpan.FromSeconds(0.5) - TimerTick, TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task When_no_SND_frame_follows_the_set_Should_fail_after_the_handshake_timeout()
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { Fault = new(KiwiFaultKind.Stall, 0) }, """{"handshakeTimeoutSeconds":1}""");
        await using var _ = kiwi;
        Assert.That(error.Message, Does.EndWith("sent no SND frame within 1 s of the upgrade (settings.handshakeTimeoutSeconds), after the full set of commands."));
        Assert.That(elapsed, Is.InRange(TimeSpan.FromSeconds(1) - TimerTick, TimeSpan.FromSeconds(2.5)));
    }

    // A RST throws away what the client had not read yet, so the frame count before it is not fixed.
    [TestCase(KiwiFaultKind.Fin, "the connection was closed without a WebSocket close (TCP FIN)", "12")]
    [TestCase(KiwiFaultKind.Reset, "the connection was reset (TCP RST)", @"\d+")]
    [TestCase(KiwiFaultKind.Close, "the Kiwi closed the WebSocket (1000 NormalClosure 'fault: close')", "12")]
    public async Task When_the_connection_ends_mid_stream_Should_fail_saying_how(KiwiFaultKind kind, string how, string frames)
    {
        var (error, elapsed, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(kind, 12) });
        await using var _ = kiwi;
        Assert.That(error, Is.InstanceOf<IOException>());
        Assert.That(error.Message, Does.Match($@"^KiwiSDR ws://127\.0\.0\.1:{kiwi.Port}/\d+/SND: {System.Text.RegularExpressions.Regex.Escape(how)} (\d+\.\d s into the stream|at connect), after {frames} SND frames\.$"));
        Assert.That(elapsed, Is.LessThan(Quick));
    }

    [Test]
    public async Task When_a_junk_frame_arrives_Should_fail_naming_its_bytes()
    {
        var (error, _, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.Junk, 8) });
        await using var __ = kiwi;
        Assert.That(error.Message, Does.Match(@"sent a junk frame \d+\.\d s into the stream: 12 bytes starting 00FF1337DEADBEEF, no MSG/SND/W/F/EXT/DAT tag\.$"));
    }

    [Test]
    public async Task When_a_short_SND_frame_arrives_Should_fail_naming_its_length()
    {
        var (error, _, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.ShortFrame, 8) });
        await using var __ = kiwi;
        Assert.That(error.Message, Does.Match(@"sent a bad frame \d+\.\d s into the stream \(after 8 SND frames\): short SND frame: 8 bytes, less than the 20-byte IQ header\.$"));
    }

    [Test]
    public async Task When_more_packets_go_missing_than_allowed_Should_fail_counting_them()
    {
        // Packet 52 is past the 2 s discard period (packets 1 to 47), inside the capture (about 12 packets).
        var (error, _, kiwi) = await FailAsync(new() { FullSpeed = true, Fault = new(KiwiFaultKind.SequenceGap, 52, Count: 5) });
        await using var __ = kiwi;
        Assert.That(error, Is.TypeOf<IOException>());
        Assert.That(error.Message, Does.EndWith("lost 5 packets (sequence numbers skipped up to 58) during the capture, more than settings.maxMissingPackets = 4."));
    }

    [Test]
    public async Task When_the_frequency_is_outside_the_Kiwi_and_its_converter_Should_fail_without_retry()
    {
        await using var kiwi = new KiwiEmulator(new() { FreqOffsetKHz = 144_000 });
        var (error, _) = await FailingCaptureAsync(Receiver(kiwi), Request(DateTimeOffset.UtcNow, frequencyHz: 435e6));
        Assert.That(error, Is.TypeOf<ReceiverNotSupportedException>());
        Assert.That(error.Message, Does.EndWith("tunes 144–174 MHz (freq_offset=144000 kHz, bandwidth 30000 kHz); 435 MHz is outside: fix the receiver's bands."));
    }
}
