using Heimdall.Acquirer;
using Heimdall.Acquirer.Consumers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.Simulation;
using Heimdall.Receivers.Tests.KiwiSdr;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Heimdall.Receivers.Tests;

/// <summary>
/// The number of attempts a successful capture took is kept with it, for every kind (issue 17, finding 4): the
/// Acquirer's <see cref="CaptureCoordinator"/> sets <c>CaptureTiming.Attempts</c>, which the IqArchiver writes into
/// <c>heimdall:timing.attempts</c> of the SigMF meta.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CaptureAttemptsTests
{
    [Test]
    public async Task Should_record_one_attempt_for_a_first_time_capture_and_two_for_a_capture_whose_first_attempt_failed()
    {
        await using var kiwi = new KiwiEmulator();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IReceiverDriver>(KiwiTestKit.Driver());
        services.AddSingleton<IReceiverDriver>(sp => new SimulatedReceiverDriver(
            Options.Create(new SimulationOptions { RealTime = false, FlakyReceiverIds = [2] }), TimeProvider.System));
        services.AddSingleton<ReceiverDrivers>();
        services.AddSingleton<AcquirerTelemetry>();
        services.AddSingleton(Options.Create(new AcquisitionRules()));
        services.AddSingleton<ReceiverChannels>();
        services.AddSingleton<CaptureCoordinator>();
        using var provider = services.BuildServiceProvider();

        Receiver[] receivers =
        [
            KiwiTestKit.Receiver(kiwi, """{"discardSeconds": 0.2, "connectLeadSeconds": 0.2}""") with { RetryCount = 2 },
            Simulated(1),
            Simulated(2),
        ];
        var plan = new AcquisitionPlan(Guid.NewGuid(), KiwiTestKit.TuneHz, 0.5, null, DateTimeOffset.UtcNow.AddSeconds(0.5), receivers, "tests");
        var attempts = new Dictionary<int, int?>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var outcome in provider.GetRequiredService<CaptureCoordinator>().CaptureAllAsync(plan, guard.Token))
        {
            Assert.That(outcome, Is.TypeOf<CaptureSucceeded>(), (outcome as CaptureFailed)?.Reason);
            attempts[outcome.Receiver.ReceiverId] = ((CaptureSucceeded)outcome).Capture.Timing.Attempts;
        }

        Assert.That(attempts, Is.EquivalentTo(new Dictionary<int, int?> { [8] = 1, [1] = 1, [2] = 2 }));
    }

    private static Receiver Simulated(int id) => new()
    {
        ReceiverId = id, Name = $"Simulated {id}", Kind = "simulated", Url = $"sim://{id}", Latitude = 45 + (id * 0.1), Longitude = 7.6,
        MinFrequencyHz = 0, MaxFrequencyHz = 30e6, SampleRateHz = 12_000, TimeoutSeconds = 10, RetryCount = 2, Enabled = true,
    };
}
