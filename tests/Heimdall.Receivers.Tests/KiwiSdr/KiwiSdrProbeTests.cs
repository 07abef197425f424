using System.Net;
using System.Net.Sockets;
using Heimdall.Receivers.KiwiSdr;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using static Heimdall.Receivers.Tests.KiwiSdr.KiwiTestKit;

namespace Heimdall.Receivers.Tests.KiwiSdr;

[Parallelizable(ParallelScope.All)]
public sealed class KiwiSdrProbeTests
{
    [Test]
    public void Status_Should_read_users_GPS_state_version_and_offline()
    {
        var status = KiwiStatus.Parse("status=active\noffline=no\nusers=2\nusers_max=8\ngps=(45.0, 7.6)\ngps_good=9\nfixes=4321\ntdoa_ch=-1\nsw_version=KiwiSDR_v1.711\n");
        Assert.Multiple(() =>
        {
            Assert.That(status.IsKiwi, Is.True);
            Assert.That(status.Offline, Is.False);
            Assert.That(status.Users, Is.EqualTo(2));
            Assert.That(status.UsersMax, Is.EqualTo(8));
            Assert.That(status.GpsGood, Is.EqualTo(9));
            Assert.That(status.Fixes, Is.EqualTo(4321));
            Assert.That(status.TdoaChannels, Is.EqualTo(-1));
            Assert.That(status.Version, Is.EqualTo("KiwiSDR 1.711"));
            Assert.That(status.Gnss, Is.EqualTo("gps_good=9 fixes=4321 tdoa_ch=-1"));
            Assert.That(status.Get("gps"), Is.EqualTo("(45.0, 7.6)"));
        });
    }

    [Test]
    public async Task When_the_Kiwi_answers_its_status_Probe_Should_report_it_with_one_request()
    {
        await using var kiwi = new KiwiEmulator(new() { Users = 3, UsersMax = 4, GpsGood = 8, VersionMinor = 711 });
        using var driver = Driver();

        var health = await driver.ProbeAsync(Receiver(kiwi), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.Reachable, Is.True);
            Assert.That(health.LatencyMs, Is.InRange(0, 2_000));
            Assert.That(health.Users, Is.EqualTo(3));
            Assert.That(health.UsersMax, Is.EqualTo(4));
            Assert.That(health.Gnss, Is.EqualTo("gps_good=8 fixes=1234 tdoa_ch=4"));
            Assert.That(health.Version, Is.EqualTo("KiwiSDR 1.711"));
            Assert.That(health.Detail, Does.Match(@"^GET /status in \d+ ms: status=active offline=no, users 3/4, gps_good=8 fixes=1234 tdoa_ch=4, KiwiSDR 1\.711\.$"));
            Assert.That(kiwi.StatusRequests, Is.EqualTo(1));
            Assert.That(kiwi.SoundUpgrades, Is.Zero, "a probe never opens a channel");
        });
    }

    [Test]
    public async Task When_the_Kiwi_says_it_is_offline_Probe_Should_report_it_unreachable()
    {
        await using var kiwi = new KiwiEmulator(new() { Offline = true, TdoaChannels = -1 });
        using var driver = Driver();
        var health = await driver.ProbeAsync(Receiver(kiwi), CancellationToken.None);
        Assert.That(health.Reachable, Is.False);
        Assert.That(health.Detail, Does.Contain("status=offline offline=yes").And.EndWith("; GNSS stamps switched off (tdoa_ch=-1)."));
    }

    [Test]
    public async Task When_nothing_listens_Probe_Should_report_it_unreachable_with_the_error()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var driver = Driver();
        var health = await driver.ProbeAsync(Receiver($"http://127.0.0.1:{port}"), CancellationToken.None);
        Assert.That(health.Reachable, Is.False);
        Assert.That(health.LatencyMs, Is.Null);
        Assert.That(health.Detail, Does.StartWith($"GET http://127.0.0.1:{port}/status: Connection refused"));
    }
}
