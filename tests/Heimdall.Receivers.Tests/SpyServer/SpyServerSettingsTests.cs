using Heimdall.Domain.Receivers;
using Heimdall.Receivers.SpyServer;
using Heimdall.Signal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.SpyServer;

public sealed class SpyServerSettingsTests
{
    private static readonly SpyServerDriver Driver = new(TimeProvider.System, NullLogger<SpyServerDriver>.Instance);

    internal static Receiver Receiver(string url = "sdr://spy.example:5555", string settings = "{}", double rateHz = 48_000,
        double maxFrequencyHz = 260e6, double timeoutSeconds = 10) => new()
    {
        ReceiverId = 31, Name = "Spy", Kind = "spyserver", Url = url, Latitude = 45, Longitude = 7.6, MinFrequencyHz = 1e6,
        MaxFrequencyHz = maxFrequencyHz, SampleRateHz = rateHz, TimeoutSeconds = timeoutSeconds, RetryCount = 0, Enabled = true, Settings = settings,
    };

    [Test]
    public void When_the_url_and_settings_are_right_Validate_Should_find_nothing()
    {
        Assert.That(Driver.Validate(Receiver()), Is.Empty);
        Assert.That(Driver.Validate(Receiver("tcp://10.0.0.7:5556", """
            {"iqFormat": "float", "gain": 10, "digitalGainDb": 12, "requireControl": true, "discardMs": 0, "maxLostSamples": 4096,
             "fullCoolDownSeconds": 300, "clientName": "Heimdall test", "connectTimeoutSeconds": 2, "handshakeTimeoutSeconds": 2, "stallTimeoutSeconds": 5}
            """)), Is.Empty);
    }

    [Test]
    public void Read_Should_default_to_int16_port_5555_no_gain_and_no_lost_samples()
    {
        var settings = SpyServerSettings.Read(Receiver("sdr://10.0.0.5"), []);
        Assert.Multiple(() =>
        {
            Assert.That(settings.Url, Is.EqualTo("sdr://10.0.0.5:5555"));
            Assert.That(settings.IqFormat, Is.EqualTo(SpyServerStreamFormat.SixteenBit));
            Assert.That(SpyServerSettings.SampleFormatOf(settings.IqFormat), Is.EqualTo(SampleFormat.Ci16Le));
            Assert.That(settings.Gain, Is.Null);
            Assert.That(settings.DigitalGainDb, Is.Zero);
            Assert.That(settings.RequireControl, Is.False);
            Assert.That(settings.DiscardMs, Is.EqualTo(50));
            Assert.That(settings.MaxLostSamples, Is.Zero);
            Assert.That(settings.FullCoolDownSeconds, Is.EqualTo(60));
            Assert.That(settings.ClientName, Is.EqualTo("Heimdall"));
        });
    }

    [TestCase("http://spy.example:5555", "url 'http://spy.example:5555' must be sdr://host:port (or tcp://host:port) for a SpyServer receiver (port 5555 when absent; no path).")]
    [TestCase("sdr://spy.example:5555/x", "url 'sdr://spy.example:5555/x' must be sdr://host:port (or tcp://host:port) for a SpyServer receiver (port 5555 when absent; no path).")]
    public void A_wrong_url_Should_be_named(string url, string problem) =>
        Assert.That(Driver.Validate(Receiver(url)), Is.EqualTo(new[] { problem }));

    [Test]
    public void Every_wrong_setting_Should_be_named_by_its_key()
    {
        var problems = Driver.Validate(Receiver(settings: """
            {"iqFormat": "int24", "gain": -1, "digitalGainDb": 500, "requireControl": "yes", "discardMs": 6000, "maxLostSamples": 1.5,
             "fullCoolDownSeconds": -1, "clientName": "", "stallTimeoutSeconds": 0, "gainDb": 3}
            """));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "settings.iqFormat must be \"int16\" (ci16_le), \"uint8\" (cu8) or \"float\" (cf32_le) (got \"int24\").",
            "settings.gain must be a whole number of gain steps (the device's gain index) from 0 to 255 (got -1).",
            "settings.digitalGainDb must be a whole number of dB from 0 to 120 (got 500).",
            "settings.requireControl must be true or false (got \"yes\").",
            "settings.discardMs must be a number of milliseconds from 0 to 5000 (got 6000).",
            "settings.maxLostSamples must be a whole number of samples from 0 to 1000000000 (got 1.5).",
            "settings.fullCoolDownSeconds must be a number of seconds from 0 to 86400 (got -1).",
            "settings.clientName must be 1 to 64 printable ASCII characters (got \"\").",
            "settings.stallTimeoutSeconds must be a number of seconds from 0.1 to 60 (got 0).",
            "settings.gainDb is not a setting of this kind (known: clientName, connectTimeoutSeconds, digitalGainDb, discardMs, fullCoolDownSeconds, gain, handshakeTimeoutSeconds, iqFormat, maxLostSamples, requireControl, stallTimeoutSeconds).",
        }));
    }

    [Test]
    public void Timeouts_that_do_not_fit_in_the_attempt_and_a_frequency_beyond_u32_Should_be_named()
    {
        var problems = Driver.Validate(Receiver(settings: """{"connectTimeoutSeconds": 5, "handshakeTimeoutSeconds": 5, "stallTimeoutSeconds": 10}""", maxFrequencyHz: 5e9));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "settings.connectTimeoutSeconds + settings.handshakeTimeoutSeconds (5 + 5 s) must be below timeout_seconds (10 s), so that an unreachable or full server is reported as such before the attempt times out.",
            "settings.stallTimeoutSeconds (10 s) must be below timeout_seconds (10 s), so that a stall is reported as such before the attempt times out.",
            "max_frequency_hz 5000000000 is above 4294967295 Hz (4.29 GHz), the largest frequency SpyServer's IQ_FREQUENCY setting carries (a u32).",
        }));
    }
}
