using Heimdall.Domain.Receivers;
using Heimdall.Receivers.RtlTcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.RtlTcp;

public sealed class RtlTcpSettingsTests
{
    private static readonly RtlTcpDriver Driver = new(TimeProvider.System, NullLogger<RtlTcpDriver>.Instance);

    internal static Receiver Receiver(string url = "tcp://sdr.example:1234", string settings = "{}", double rateHz = 2_048_000,
        double maxFrequencyHz = 1_766e6, double timeoutSeconds = 10) => new()
    {
        ReceiverId = 21, Name = "Dongle", Kind = "rtl_tcp", Url = url, Latitude = 45, Longitude = 7.6, MinFrequencyHz = 24e6,
        MaxFrequencyHz = maxFrequencyHz, SampleRateHz = rateHz, TimeoutSeconds = timeoutSeconds, RetryCount = 0, Enabled = true, Settings = settings,
    };

    [Test]
    public void When_the_url_and_settings_are_right_Validate_Should_find_nothing()
    {
        Assert.That(Driver.Validate(Receiver()), Is.Empty);
        Assert.That(Driver.Validate(Receiver(settings: """
            {"gainDb": 29.7, "ppm": -12, "agc": true, "directSampling": "q", "biasTee": true, "settleMs": 250, "discardBytes": 1048576,
             "connectTimeoutSeconds": 2, "headerTimeoutSeconds": 2, "stallTimeoutSeconds": 3}
            """)), Is.Empty);
        Assert.That(Driver.Validate(Receiver(settings: """{"gainDb": "auto", "directSampling": 2}""")), Is.Empty);
    }

    [Test]
    public void Read_Should_default_to_auto_gain_no_correction_and_port_1234()
    {
        var settings = RtlTcpSettings.Read(Receiver("tcp://10.0.0.5"), []);
        Assert.Multiple(() =>
        {
            Assert.That(settings.Url, Is.EqualTo("tcp://10.0.0.5:1234"));
            Assert.That(settings.GainDb, Is.Null);
            Assert.That(settings.Ppm, Is.Zero);
            Assert.That(settings.Agc, Is.False);
            Assert.That(settings.DirectSampling, Is.Zero);
            Assert.That(settings.SettleMs, Is.EqualTo(100));
            Assert.That(settings.DiscardBytes, Is.Null);
            Assert.That(settings.HeaderTimeoutSeconds, Is.EqualTo(3));
            Assert.That(settings.StallTimeoutSeconds, Is.EqualTo(2));
        });
    }

    [TestCase("http://sdr.example:1234")]
    [TestCase("tcp://sdr.example:1234/stream")]
    [TestCase("sdr.example:1234")]
    [TestCase("tcp://user@sdr.example:1234")]
    public void When_the_url_is_not_tcp_host_port_Validate_Should_say_so(string url) =>
        Assert.That(Driver.Validate(Receiver(url)), Is.EqualTo(new[] { $"url '{url}' must be tcp://host:port for an rtl_tcp receiver (port 1234 when absent; no path)." }));

    [TestCase("""{"gainDb": "loud"}""", "settings.gainDb must be a gain in dB from -10 to 60, or \"auto\" (got \"loud\").")]
    [TestCase("""{"gainDb": 70}""", "settings.gainDb must be a gain in dB from -10 to 60, or \"auto\" (got 70).")]
    [TestCase("""{"ppm": 1.5}""", "settings.ppm must be a whole number of ppm from -1000 to 1000 (got 1.5).")]
    [TestCase("""{"agc": "yes"}""", "settings.agc must be true or false (got \"yes\").")]
    [TestCase("""{"directSampling": 3}""", "settings.directSampling must be \"off\", \"i\" or \"q\" (or 0, 1, 2) (got 3).")]
    [TestCase("""{"settleMs": -1}""", "settings.settleMs must be a number of milliseconds from 0 to 10000 (got -1).")]
    [TestCase("""{"discardBytes": 1001}""", "settings.discardBytes must be even (got 1001): an odd count would split an I/Q pair and swap I and Q.")]
    [TestCase("""{"gain": 20}""", "settings.gain is not a setting of this kind (known: agc, biasTee, connectTimeoutSeconds, directSampling, discardBytes, gainDb, headerTimeoutSeconds, ppm, settleMs, stallTimeoutSeconds).")]
    [TestCase("""[1]""", "settings must be a JSON object (got array).")]
    public void When_a_setting_is_wrong_Validate_Should_name_its_key(string settings, string problem) =>
        Assert.That(Driver.Validate(Receiver(settings: settings)), Is.EqualTo(new[] { problem }));

    [Test]
    public void When_the_timeouts_do_not_fit_in_timeout_seconds_Validate_Should_say_so()
    {
        var problems = Driver.Validate(Receiver(settings: """{"connectTimeoutSeconds": 3, "headerTimeoutSeconds": 3, "stallTimeoutSeconds": 5}""", timeoutSeconds: 5));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "settings.connectTimeoutSeconds + settings.headerTimeoutSeconds (3 + 3 s) must be below timeout_seconds (5 s), so that an unreachable or busy server is reported as such before the attempt times out.",
            "settings.stallTimeoutSeconds (5 s) must be below timeout_seconds (5 s), so that a stall is reported as such before the attempt times out.",
        }));
    }

    [Test]
    public void When_the_band_reaches_above_4_29_GHz_Validate_Should_refuse_it() =>
        Assert.That(Driver.Validate(Receiver(maxFrequencyHz: 5e9)), Is.EqualTo(new[]
        {
            "max_frequency_hz 5000000000 is above 4294967295 Hz (4.29 GHz), the largest frequency rtl_tcp's command carries (a u32).",
        }));

    [TestCase(500_000)]
    [TestCase(225_000)]
    [TestCase(3_500_000)]
    public void When_the_native_rate_is_one_librtlsdr_refuses_Validate_Should_say_rtl_tcp_would_ignore_it(double rate) =>
        Assert.That(Driver.Validate(Receiver(rateHz: rate)), Is.EqualTo(new[]
        {
            FormattableString.Invariant($"sample_rate_hz {rate} is not a rate librtlsdr accepts (225001–300000 Hz or 900001–3200000 Hz); rtl_tcp would silently keep the previous rate."),
        }));

    [Test]
    public void When_the_stall_watchdog_is_shorter_than_two_transfers_Validate_Should_say_so() =>
        Assert.That(Driver.Validate(Receiver(rateHz: 250_000, settings: """{"stallTimeoutSeconds": 1}""")), Is.EqualTo(new[]
        {
            "settings.stallTimeoutSeconds (1 s) must be at least two USB transfers at sample_rate_hz 250000 (1.049 s): rtl_tcp sends a transfer at a time.",
        }));
}
