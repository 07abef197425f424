using Heimdall.Domain.Receivers;
using Heimdall.Receivers.Simulation;
using Microsoft.Extensions.Options;

namespace Heimdall.Receivers.Tests;

public sealed class SimulatedReceiverDriverTests
{
    private static readonly SimulatedReceiverDriver Driver = new(Options.Create(new SimulationOptions { RealTime = false }), TimeProvider.System);

    private static Receiver Station(string url = "sim://torino", string settings = "{}") => new()
    {
        ReceiverId = 3, Name = "Torino", Kind = "simulated", Url = url, Latitude = 45.044, Longitude = 7.672, AltitudeM = 250,
        MinFrequencyHz = 144e6, MaxFrequencyHz = 440e6, SampleRateHz = 12_000, TimeoutSeconds = 10, RetryCount = 2, Enabled = true,
        Settings = settings,
    };

    [Test]
    public void When_the_url_and_settings_are_right_Validate_Should_find_nothing() =>
        Assert.That(Driver.Validate(Station()), Is.Empty);

    [Test]
    public void When_the_url_is_not_sim_and_settings_are_given_Validate_Should_name_both()
    {
        var problems = Driver.Validate(Station("tcp://host:1234", """{"gain": 10}"""));
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems[0], Does.Contain("url 'tcp://host:1234' must be sim://"));
        Assert.That(problems[1], Does.Contain("settings: a simulated receiver takes none"));
    }

    [Test]
    public async Task Should_capture_the_requested_samples_as_ci16_timed_by_the_host_clock()
    {
        var start = DateTimeOffset.UtcNow;
        var capture = await Driver.CaptureAsync(Station(), new CaptureRequest(Guid.NewGuid(), 145.5e6, 12_000, 1_200, start), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(capture.Iq, Has.Length.EqualTo(1_200 * 4));
            Assert.That(capture.SampleCount, Is.EqualTo(1_200));
            Assert.That(capture.Timing.Source, Is.EqualTo(Heimdall.Contracts.TimingSources.HostClock));
            Assert.That(capture.Timing.Stamps, Is.Empty);
            Assert.That(capture.CaptureStartUtc, Is.GreaterThanOrEqualTo(start));
        });
    }
}
