using Heimdall.Domain.Receivers;
using Heimdall.Receivers.OpenWebRx;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.OpenWebRx;

public sealed class OpenWebRxSettingsTests
{
    private static readonly OpenWebRxDriver Driver = new(TimeProvider.System, NullLogger<OpenWebRxDriver>.Instance);

    internal static Receiver Receiver(string url = "http://owrx.example:8073/", string settings = "{}", double bandHz = 12_000, double timeoutSeconds = 15) => new()
    {
        ReceiverId = 41, Name = "OpenWebRX", Kind = "openwebrx", Url = url, Latitude = 45.07, Longitude = 7.69, MinFrequencyHz = 144e6,
        MaxFrequencyHz = 440e6, SampleRateHz = bandHz, TimeoutSeconds = timeoutSeconds, RetryCount = 0, Enabled = true, Settings = settings,
    };

    [TestCase("http://owrx.example:8073", "ws://owrx.example:8073/ws/", "http://owrx.example:8073/status.json", "http://owrx.example:8073")]
    [TestCase("https://sdr.example.org/owrx", "wss://sdr.example.org/owrx/ws/", "https://sdr.example.org/owrx/status.json", "https://sdr.example.org/owrx/")]
    [TestCase("http://10.0.0.9:8073/radio/", "ws://10.0.0.9:8073/radio/ws/", "http://10.0.0.9:8073/radio/status.json", "http://10.0.0.9:8073/radio/")]
    public void The_page_Should_give_the_socket_and_the_status_document(string url, string socket, string status, string shown)
    {
        var problems = new List<string>();
        var settings = OpenWebRxSettings.Read(Receiver(url), problems);
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(settings.WebSocket.ToString(), Is.EqualTo(socket));
            Assert.That(settings.Status.ToString(), Is.EqualTo(status));
            Assert.That(settings.Url, Is.EqualTo(shown));
        });
    }

    [Test]
    public void Read_Should_default_to_no_profile_change_the_widest_sideband_and_a_12_hour_ban()
    {
        var settings = OpenWebRxSettings.Read(Receiver(), []);
        Assert.Multiple(() =>
        {
            Assert.That(settings.Profiles, Is.Empty);
            Assert.That(settings.Mode, Is.EqualTo("auto"));
            Assert.That(settings.BannedCoolDownSeconds, Is.EqualTo(43_200));
            Assert.That(settings.TooManyClientsCoolDownSeconds, Is.EqualTo(300));
            Assert.That(settings.SdrErrorCoolDownSeconds, Is.EqualTo(600));
            Assert.That(settings.ClientName, Is.EqualTo("heimdall"));
            Assert.That(settings.ServerKey, Is.EqualTo("http://owrx.example:8073"));
        });
    }

    [Test]
    public void Every_wrong_value_Should_be_named_by_its_key()
    {
        var problems = Driver.Validate(Receiver("ftp://owrx.example/", """
            {"profiles": ["2m"], "mode": "nfm", "bannedCoolDownSeconds": 3600, "tooManyClientsCoolDownSeconds": 1, "clientName": "a b",
             "stallTimeoutSeconds": 20, "key": "x"}
            """, bandHz: 2_400_000));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "url 'ftp://owrx.example/' must be the address a browser opens, http(s)://host:port/ (with its path behind a proxy), for an OpenWebRX receiver.",
            "settings.profiles must be an array of profile ids, each \"sdr_id|profile_id\" as the server's profiles list names them (got [\"2m\"]).",
            "settings.mode must be \"auto\" (the widest single-sideband mode offered) or one of \"usb\", \"lsb\", \"usbd\", \"lsbd\" (got \"nfm\").",
            "settings.tooManyClientsCoolDownSeconds must be a number of seconds from 16 to 86400 (got 1).",
            "settings.bannedCoolDownSeconds must be a number of seconds (a ban lasts 12 hours) from 43200 to 604800 (got 3600).",
            "settings.clientName must be 1 to 64 printable ASCII characters without spaces or '=' (got \"a b\").",
            "settings.key is not a setting of this kind (known: audioDiscardMs, bannedCoolDownSeconds, basis, clientName, connectLeadSeconds, handshakeTimeoutSeconds, mode, profiles, sdrErrorCoolDownSeconds, stallTimeoutSeconds, tooManyClientsCoolDownSeconds).",
            "settings.stallTimeoutSeconds (20 s) must be below timeout_seconds (15 s), so that a stall is reported as such before the attempt times out.",
            "sample_rate_hz 2400000 is the band measured around the requested frequency in the server's spectrum, at most 200000 Hz for an OpenWebRX receiver (it streams no IQ).",
        }));
    }
}
