using Heimdall.Acquirer.Health;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Receivers;
using Heimdall.Testing.RtlTcp;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.Acquirer.Tests;

/// <summary>
/// The receiver health rounds on the real database: who is probed (enabled, not in a cool-down, due), what is recorded,
/// that a second round and a second replica probe nobody twice, the lock, the retention, and the 24 h / 7 d summary.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_receivers_are_probed
{
    private AcquirerHarness _acquirer = null!;
    private RtlTcpEmulator _rtlTcp = null!;
    private ProbeRound _first = null!;

    private ReceiverHealthProber Prober => _acquirer.Host.Services.GetRequiredService<ReceiverHealthProber>();

    [OneTimeSetUp]
    public async Task FirstRound()
    {
        _acquirer = await AcquirerHarness.StartAsync(("ReceiverHealth:StartDelaySeconds", "3600"));
        _rtlTcp = new RtlTcpEmulator(new RtlTcpEmulatorOptions { TransferBytes = 16_384 });
        var database = _acquirer.Stack.Database;
        await database.ExecuteAsync($"""
            insert into receivers (receiver_id, name, kind, url, latitude, longitude, min_frequency_hz, max_frequency_hz, sample_rate_hz, settings)
            values (20, 'Dongle', 'rtl_tcp', '{_rtlTcp.Url}', 45.1, 7.7, 24e6, 1766e6, 2048000, '{"{"}"headerTimeoutSeconds": 1{"}"}'),
                   (21, 'Replay of nothing', 'file', 'file:///nonexistent/heimdall/1.sigmf-meta', 45.1, 7.7, 144e6, 146e6, 12000, '{"{"}"speed": "full"{"}"}');
            insert into receiver_cooldowns (receiver_id, until, reason) values (2, now() + interval '1 hour', 'too_busy (test)');
            insert into receiver_health (receiver_id, probed_at, reachable, detail) values (3, now() - interval '40 days', false, 'an old probe');
            """);
        _first = await Prober.RunRoundAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _rtlTcp.DisposeAsync();
        await _acquirer.DisposeAsync();
    }

    [Test]
    public void Should_probe_every_enabled_receiver_that_is_not_in_a_cool_down()
    {
        Assert.That(_first.LockTaken, Is.True);
        Assert.That(_first.Probed.Select(p => p.ReceiverId), Is.EqualTo(new[] { 1, 3, 4, 5, 6, 7, 20, 21 }), "not 2 (cool-down), not 8 (disabled)");
    }

    [Test]
    public async Task Should_record_what_each_driver_said()
    {
        var rows = await _acquirer.Stack.Database.ScalarAsync<long>("select count(*) from receiver_health where probed_at > now() - interval '1 hour'");
        var dongle = _first.Probed.Single(p => p.ReceiverId == 20).Health;
        var replay = _first.Probed.Single(p => p.ReceiverId == 21).Health;
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(8));
            Assert.That(dongle.Reachable, Is.True);
            Assert.That(dongle.Version, Is.EqualTo("rtl_tcp, R820T tuner, 29 gain steps"));
            Assert.That(dongle.UsersMax, Is.EqualTo(1));
            Assert.That(replay.Reachable, Is.False);
            Assert.That(replay.Detail, Is.EqualTo("file:///nonexistent/heimdall/1.sigmf-meta does not exist."));
        });
        Assert.That(await _acquirer.Stack.Database.ScalarAsync<string>("select version from receiver_health where receiver_id = 20"), Is.EqualTo("rtl_tcp, R820T tuner, 29 gain steps"));
    }

    [Test]
    public void Should_delete_probes_older_than_the_retention() => Assert.That(_first.Deleted, Is.EqualTo(1));

    [Test]
    public async Task A_second_round_right_after_Should_probe_nobody()
    {
        var second = await Prober.RunRoundAsync(CancellationToken.None);
        Assert.That(second.LockTaken, Is.True);
        Assert.That(second.Probed, Is.Empty);
    }

    [Test]
    public async Task While_another_replica_holds_the_lock_a_round_Should_do_nothing()
    {
        await using var other = await ReceiverProbeLock.TryTakeAsync(_acquirer.Stack.Database.DataSource, CancellationToken.None);
        Assert.That(other, Is.Not.Null);

        var round = await Prober.RunRoundAsync(CancellationToken.None);

        Assert.That(round.LockTaken, Is.False);
    }

    [Test]
    public async Task Two_replicas_probing_at_once_Should_probe_each_receiver_once()
    {
        await _acquirer.Stack.Database.ExecuteAsync("delete from receiver_health");
        using var replica = ActivatorUtilities.CreateInstance<ReceiverHealthProber>(_acquirer.Host.Services);

        var rounds = await Task.WhenAll(Prober.RunRoundAsync(CancellationToken.None), replica.RunRoundAsync(CancellationToken.None));

        Assert.That(rounds.SelectMany(r => r.Probed).Select(p => p.ReceiverId).Order(), Is.EqualTo(new[] { 1, 3, 4, 5, 6, 7, 20, 21 }));
        Assert.That(await _acquirer.Stack.Database.ScalarAsync<long>("select count(*) from receiver_health"), Is.EqualTo(8));
    }

    [Test]
    public async Task The_summary_Should_give_the_uptime_over_24_hours_and_7_days_and_the_latest_probe()
    {
        await _acquirer.Stack.Database.ExecuteAsync("""
            insert into receiver_health (receiver_id, probed_at, reachable, detail) values
                (20, now() - interval '3 days', false, 'down then'), (20, now() - interval '2 days', false, 'still down'),
                (20, now() - interval '10 days', false, 'outside the week')
            on conflict do nothing
            """);
        var log = _acquirer.Host.Services.GetRequiredService<ReceiverHealthLog>();

        var summary = (await log.SummaryAsync(CancellationToken.None)).ToDictionary(s => s.ReceiverId);

        Assert.Multiple(() =>
        {
            Assert.That(summary[20].Uptime24h, Is.EqualTo(1.0));
            Assert.That(summary[20].Probes24h, Is.EqualTo(1));
            Assert.That(summary[20].Uptime7d, Is.EqualTo(1.0 / 3).Within(1e-9));
            Assert.That(summary[20].Probes7d, Is.EqualTo(3));
            Assert.That(summary[20].Latest!.Version, Is.EqualTo("rtl_tcp, R820T tuner, 29 gain steps"));
            Assert.That(summary[21].Uptime24h, Is.Zero);
            Assert.That(summary[8].Uptime24h, Is.Null);
            Assert.That((summary[8].Uptime7d, summary[8].Probes7d), Is.EqualTo(((double?)null, 0)), "never probed: null over the week too, not 0");
            Assert.That(summary[8].Latest, Is.Null);
        });
    }
}
