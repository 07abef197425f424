using Heimdall.Acquirer;
using Heimdall.Acquirer.Consumers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using Heimdall.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>
/// Overlapping acquisitions on one KiwiSDR through the Acquirer's <see cref="CaptureCoordinator"/> (issue 17, finding 2):
/// Heimdall schedules its own captures within the channels it may hold, so the Kiwi never refuses Heimdall because of
/// Heimdall's own session, and only a refusal caused by others puts the receiver in a cool-down.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KiwiChannelSchedulingTests
{
    /// <summary>Connects 0.4 s before the start (discard 0.2 s, lead 0.2 s), so a capture of 0.5 s holds the channel about 1 s.</summary>
    private const string Quick = """{"discardSeconds": 0.2, "connectLeadSeconds": 0.2}""";

    [Test]
    public async Task Should_capture_the_second_of_two_overlapping_acquisitions_on_a_one_channel_Kiwi_after_the_first_without_a_cool_down()
    {
        await using var kiwi = new KiwiEmulator(new() { Channels = 1, UsersMax = 1 });
        using var provider = Coordinator(startToleranceSeconds: 5);
        var receiver = KiwiTestKit.Receiver(kiwi, Quick);
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var first = Plan(receiver, start, 0.5);
        var second = Plan(receiver, start, 0.5);

        var outcomes = await CaptureBothAsync(provider, first, second);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Values.Select(o => o.GetType().Name), Is.EqualTo(new[] { nameof(CaptureSucceeded), nameof(CaptureSucceeded) }),
                string.Join(" | ", outcomes.Values.OfType<CaptureFailed>().Select(f => f.Reason)));
            Assert.That(outcomes.Values.OfType<CaptureFailed>().Where(f => f.CoolDown is not null), Is.Empty, "no cool-down for Heimdall's own session");
            Assert.That(kiwi.MostChannelsInUse, Is.EqualTo(1));
            Assert.That(kiwi.Sessions.Select(s => s.EndedBy).Where(e => e?.StartsWith("refused", StringComparison.Ordinal) == true), Is.Empty, "the Kiwi refused nobody");
        });

        // Exactly one of them waited, and its recording's timing says for which acquisition.
        var waited = outcomes.Where(o => ((CaptureSucceeded)o.Value).Capture.Timing.Warnings.Any(w => w.Contains("waited", StringComparison.Ordinal))).ToList();
        Assert.That(waited, Has.Count.EqualTo(1));
        var other = waited[0].Key == first.AcquisitionId ? second.AcquisitionId : first.AcquisitionId;
        Assert.That(((CaptureSucceeded)waited[0].Value).Capture.Timing.Warnings,
            Has.Some.Contains($"for a channel of the receiver that Heimdall's own acquisition {other} held"));
    }

    [Test]
    public async Task Should_fail_the_second_acquisition_naming_the_first_without_contacting_the_Kiwi_when_no_channel_frees_in_time()
    {
        await using var kiwi = new KiwiEmulator(new() { Channels = 1, UsersMax = 1 });
        using var provider = Coordinator(startToleranceSeconds: 0.5);
        // The second asks for the same instant once the first holds the channel: 3 s of capture outlast its 0.5 s tolerance.
        var (first, firstOutcome, secondOutcome) = await SecondWhileFirstHoldsAsync(kiwi, provider, KiwiTestKit.Receiver(kiwi, Quick), 3);

        Assert.Multiple(() =>
        {
            Assert.That(firstOutcome, Is.TypeOf<CaptureSucceeded>());
            Assert.That(secondOutcome, Is.TypeOf<CaptureFailed>());
            var failed = (CaptureFailed)secondOutcome;
            Assert.That(failed.Reason, Does.Contain($"held by Heimdall's own acquisition {first.AcquisitionId}"));
            Assert.That(failed.CoolDown, Is.Null);
            Assert.That(failed.Attempts, Is.Zero);
            Assert.That(kiwi.SoundUpgrades, Is.EqualTo(1), "the Kiwi was contacted once, by the first");
        });
    }

    [Test]
    public async Task Should_put_the_receiver_in_no_cool_down_when_it_refuses_while_Heimdall_holds_another_of_its_channels()
    {
        // Heimdall was told it may hold 2 channels of a Kiwi that has 1: the second session is refused, by Heimdall's own doing.
        await using var kiwi = new KiwiEmulator(new() { Channels = 1, UsersMax = 1 });
        using var provider = Coordinator(startToleranceSeconds: 5);
        var receiver = KiwiTestKit.Receiver(kiwi, """{"discardSeconds": 0.2, "connectLeadSeconds": 0.2, "channels": 2}""");
        var (first, _, secondOutcome) = await SecondWhileFirstHoldsAsync(kiwi, provider, receiver, 2);

        Assert.That(secondOutcome, Is.TypeOf<CaptureFailed>());
        var failed = (CaptureFailed)secondOutcome;
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Does.Contain("too_busy=1"));
            Assert.That(failed.Reason, Does.Contain($"No cool-down: Heimdall's own acquisition {first.AcquisitionId} holds a channel of this receiver"));
            Assert.That(failed.CoolDown, Is.Null);
        });
    }

    [Test]
    public async Task Should_keep_the_cool_down_when_others_hold_every_channel()
    {
        await using var kiwi = new KiwiEmulator(new() { RefuseAtConnect = "too_busy=4" });
        using var provider = Coordinator(startToleranceSeconds: 5);
        var outcome = (await Collect(provider.GetRequiredService<CaptureCoordinator>(), Plan(KiwiTestKit.Receiver(kiwi, Quick), DateTimeOffset.UtcNow, 0.5))).Single();

        Assert.That(outcome, Is.TypeOf<CaptureFailed>());
        Assert.That(((CaptureFailed)outcome).CoolDown, Is.EqualTo(TimeSpan.FromSeconds(300)));
    }

    [Test]
    public async Task Should_publish_the_outcome_of_a_capture_that_waited_for_a_channel_by_the_instant_its_outcomes_are_due()
    {
        // Every session stalls, so each capture takes its whole attempt (timeout 2 s plus 0.5 s of capture). The first holds
        // the one channel until start + 2.5 s; the second, for the same start, waits for it (its start tolerance is 5 s) and
        // then stalls for a whole attempt too: its outcome comes about start + 5 s, later than the start plus its one
        // attempt (start + 2.5 s), which is all the due instant counted before it counted the wait for a channel.
        await using var kiwi = new KiwiEmulator(new() { Fault = new KiwiFault(KiwiFaultKind.Stall, 0) });
        using var provider = Coordinator(startToleranceSeconds: 5);
        var receiver = KiwiTestKit.Receiver(kiwi.Url, """{"discardSeconds": 0.2, "connectLeadSeconds": 0.2, "stallTimeoutSeconds": 60}""", timeoutSeconds: 2);
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var coordinator = provider.GetRequiredService<CaptureCoordinator>();
        var plans = new[] { Plan(receiver, start, 0.5), Plan(receiver, start, 0.5) };

        var outcomes = await Task.WhenAll(plans.Select(async plan => (Plan: plan, Outcome: (await Collect(coordinator, plan)).Single(), At: DateTimeOffset.UtcNow)));

        var attempt = TimeSpan.FromSeconds(receiver.TimeoutSeconds + 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.Outcome), Has.All.TypeOf<CaptureFailed>());
            Assert.That(outcomes.Select(o => ((CaptureFailed)o.Outcome).Reason), Has.All.Contains("did not deliver 6000 samples within its timeout"),
                "both stalled for a whole attempt; neither was refused the channel");
            Assert.That(outcomes.Max(o => o.At), Is.GreaterThan(start + attempt + TimeSpan.FromSeconds(1)),
                "the capture that waited for the channel ended well after the start plus one attempt");
            foreach (var (plan, _, at) in outcomes)
            {
                Assert.That(coordinator.OutcomesDueAt(plan), Is.EqualTo(start + TimeSpan.FromSeconds(5) + attempt),
                    "the start, the start tolerance a capture may wait for the channel, one attempt (no retries)");
                Assert.That(at, Is.LessThanOrEqualTo(coordinator.OutcomesDueAt(plan)), "every outcome by the instant it is due");
            }
        });
    }

    /// <summary>
    /// A first capture of <paramref name="firstSeconds"/> starting in 1 s, and, once it holds the Kiwi's channel, a second
    /// of 0.5 s for the same instant; both outcomes.
    /// </summary>
    private static async Task<(AcquisitionPlan First, CaptureOutcome FirstOutcome, CaptureOutcome SecondOutcome)> SecondWhileFirstHoldsAsync(
        KiwiEmulator kiwi, ServiceProvider provider, Receiver receiver, double firstSeconds)
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var first = Plan(receiver, start, firstSeconds);
        var coordinator = provider.GetRequiredService<CaptureCoordinator>();
        var firstCapture = Collect(coordinator, first);
        await Eventually.True(() => kiwi.Sessions.Any(s => s.HeldChannel), "the first capture holds the Kiwi's channel", TimeSpan.FromSeconds(10));
        var secondOutcome = (await Collect(coordinator, Plan(receiver, start, 0.5))).Single();
        return (first, (await firstCapture).Single(), secondOutcome);
    }

    private static AcquisitionPlan Plan(Receiver receiver, DateTimeOffset start, double seconds) =>
        new(Guid.NewGuid(), KiwiTestKit.TuneHz, seconds, null, start, [receiver], "tests");

    private static async Task<Dictionary<Guid, CaptureOutcome>> CaptureBothAsync(ServiceProvider provider, AcquisitionPlan first, AcquisitionPlan second)
    {
        var coordinator = provider.GetRequiredService<CaptureCoordinator>();
        var both = await Task.WhenAll(Collect(coordinator, first), Collect(coordinator, second));
        return new() { [first.AcquisitionId] = both[0].Single(), [second.AcquisitionId] = both[1].Single() };
    }

    private static async Task<List<CaptureOutcome>> Collect(CaptureCoordinator coordinator, AcquisitionPlan plan)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var outcomes = new List<CaptureOutcome>();
        await foreach (var outcome in coordinator.CaptureAllAsync(plan, guard.Token))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>The Acquirer's coordinator with the KiwiSDR driver, as the Acquirer registers it.</summary>
    private static ServiceProvider Coordinator(double startToleranceSeconds)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IReceiverDriver>(KiwiTestKit.Driver());
        services.AddSingleton<ReceiverDrivers>();
        services.AddSingleton<AcquirerTelemetry>();
        services.AddSingleton(Options.Create(new AcquisitionRules { StartToleranceSeconds = startToleranceSeconds }));
        services.AddSingleton<ReceiverChannels>();
        services.AddSingleton<CaptureCoordinator>();
        return services.BuildServiceProvider();
    }
}
