using Heimdall.Domain.Receivers;
using Heimdall.Receivers.KiwiSdr;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.KiwiSdr;

public sealed class KiwiSdrSettingsTests
{
    private static readonly KiwiSdrDriver Driver = new(TimeProvider.System, NullLogger<KiwiSdrDriver>.Instance);

    [Test]
    public void When_settings_are_empty_Should_give_the_documented_defaults()
    {
        var (settings, problems) = KiwiSdrSettings.Parse("{}");
        Assert.That(problems, Is.Empty);
        Assert.That(settings, Is.EqualTo(new KiwiSdrSettings
        {
            Password = null, TimeLimitPassword = null, Agc = false, ManGainDb = 50, LowCutHz = -5000, HighCutHz = 5000,
            MaxGnssSolutionAgeSeconds = 30, DiscardSeconds = 2, ConnectLeadSeconds = 1.5, TooBusyCoolDownSeconds = 300,
            IpLimitCoolDownSeconds = 86_400, KeepaliveSeconds = 5, HandshakeTimeoutSeconds = 10, StallTimeoutSeconds = 3,
            MaxMissingPackets = 4, IdentUser = "Heimdall",
        }));
    }

    [Test]
    public void Should_read_every_field()
    {
        var (settings, problems) = KiwiSdrSettings.Parse("""
            {"password":"secret","timeLimitPassword":"exempt","agc":true,"manGainDb":60,"lowCutHz":-4000,"highCutHz":3000,
             "maxGnssSolutionAgeSeconds":10,"discardSeconds":2.5,"connectLeadSeconds":1,"tooBusyCoolDownSeconds":60,
             "ipLimitCoolDownSeconds":3600,"keepaliveSeconds":1,"handshakeTimeoutSeconds":8,"stallTimeoutSeconds":2,
             "maxMissingPackets":0,"identUser":"Heimdall TDoA"}
            """);
        Assert.That(problems, Is.Empty);
        Assert.That(settings, Is.EqualTo(new KiwiSdrSettings
        {
            Password = "secret", TimeLimitPassword = "exempt", Agc = true, ManGainDb = 60, LowCutHz = -4000, HighCutHz = 3000,
            MaxGnssSolutionAgeSeconds = 10, DiscardSeconds = 2.5, ConnectLeadSeconds = 1, TooBusyCoolDownSeconds = 60,
            IpLimitCoolDownSeconds = 3600, KeepaliveSeconds = 1, HandshakeTimeoutSeconds = 8, StallTimeoutSeconds = 2,
            MaxMissingPackets = 0, IdentUser = "Heimdall TDoA",
        }));
    }

    [Test]
    public void When_fields_are_wrong_Should_name_each_one()
    {
        var (settings, problems) = KiwiSdrSettings.Parse("""
            {"password":"two words","agc":"no","manGainDb":121,"lowCutHz":2000,"highCutHz":1000,"discardSeconds":-1,
             "keepaliveSeconds":90,"maxMissingPackets":1.5,"gain":3}
            """);
        Assert.That(settings, Is.Null);
        Assert.That(problems, Is.EqualTo(new[]
        {
            "settings.gain: unknown field for a kiwisdr receiver (known: password, timeLimitPassword, agc, manGainDb, lowCutHz, highCutHz, maxGnssSolutionAgeSeconds, discardSeconds, connectLeadSeconds, channels, tooBusyCoolDownSeconds, ipLimitCoolDownSeconds, keepaliveSeconds, handshakeTimeoutSeconds, stallTimeoutSeconds, maxMissingPackets, identUser).",
            "settings.password must not contain spaces or control characters (the Kiwi's SET auth separates fields by spaces).",
            "settings.agc must be true or false (got String).",
            "settings.manGainDb must be between 0 and 120 (got 121).",
            "settings.discardSeconds must be between 0 and 30 (got -1).",
            "settings.keepaliveSeconds must be between 0.1 and 50 (got 90).",
            "settings.maxMissingPackets must be a whole number between 0 and 1000 (got 1.5).",
            "settings.lowCutHz (2000) must be below settings.highCutHz (1000).",
        }));
    }

    [Test]
    public void When_settings_are_not_an_object_Should_say_so()
    {
        Assert.That(KiwiSdrSettings.Parse("[1]").Problems, Is.EqualTo(new[] { "settings: must be a JSON object (got Array)." }));
        Assert.That(KiwiSdrSettings.Parse("{").Problems[0], Does.StartWith("settings: not JSON"));
    }

    private static Receiver Kiwi(string url, string settings = "{}", double timeoutSeconds = 10) => new()
    {
        ReceiverId = 8, Name = "Kiwi", Kind = "kiwisdr", Url = url, Latitude = 45, Longitude = 7.6, MinFrequencyHz = 0,
        MaxFrequencyHz = 30e6, SampleRateHz = 12_000, TimeoutSeconds = timeoutSeconds, RetryCount = 1, Enabled = true, Settings = settings,
    };

    [TestCase("http://kiwi.example.org:8073")]
    [TestCase("http://kiwi.example.org:8073/")]
    [TestCase("https://kiwi.example.org:443")]
    [TestCase("http://sdr1.proxy.kiwisdr.com:8073")]
    public void When_the_url_is_a_Kiwi_address_Validate_Should_find_nothing(string url) =>
        Assert.That(Driver.Validate(Kiwi(url)), Is.Empty);

    [TestCase("ws://kiwi.example.org:8073", "must be http://host:port or https://host:port")]
    [TestCase("kiwi.example.org:8073", "must be http://host:port or https://host:port")]
    [TestCase("http://kiwi.example.org:8073/12345/SND", "without a path, query, fragment or user")]
    [TestCase("http://user@kiwi.example.org:8073", "without a path, query, fragment or user")]
    public void When_the_url_is_not_a_Kiwi_address_Validate_Should_name_the_url(string url, string expected)
    {
        var problems = Driver.Validate(Kiwi(url));
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith($"url '{url}' ").And.Contain(expected));
    }

    [Test]
    public void When_the_timeout_cannot_cover_the_discard_period_Validate_Should_name_timeout_seconds() =>
        Assert.That(Driver.Validate(Kiwi("http://kiwi.example.org:8073", timeoutSeconds: 3)), Is.EqualTo(new[]
        {
            "timeout_seconds (3) must exceed settings.discardSeconds (2) by more than 1 s: a capture that starts now first discards that long after tuning.",
        }));

    [Test]
    public void The_stream_and_status_addresses_Should_follow_the_scheme()
    {
        var plain = KiwiEndpoint.Parse("http://kiwi.example.org:8073").Endpoint!;
        var secure = KiwiEndpoint.Parse("https://kiwi.example.org:8443").Endpoint!;
        Assert.Multiple(() =>
        {
            Assert.That(plain.SoundStream(1_700_000_000_000).ToString(), Is.EqualTo("ws://kiwi.example.org:8073/1700000000000/SND"));
            Assert.That(secure.SoundStream(42).ToString(), Is.EqualTo("wss://kiwi.example.org:8443/42/SND"));
            Assert.That(plain.Status.ToString(), Is.EqualTo("http://kiwi.example.org:8073/status"));
            Assert.That(KiwiEndpoint.RedirectTarget(plain.SoundStream(42), "http://other.example.org:8074/", 42)!.ToString(), Is.EqualTo("ws://other.example.org:8074/42/SND"));
            Assert.That(KiwiEndpoint.RedirectTarget(plain.SoundStream(42), "https://other.example.org/", 42)!.ToString(), Is.EqualTo("wss://other.example.org/42/SND"));
            Assert.That(KiwiEndpoint.RedirectTarget(plain.SoundStream(42), "/kiwi/42/SND", 42)!.ToString(), Is.EqualTo("ws://kiwi.example.org:8073/kiwi/42/SND"));
        });
    }
}
