using System.Text.Json;
using Heimdall.Receivers.OpenWebRx;

namespace Heimdall.Receivers.Tests.OpenWebRx;

/// <summary>How the demodulator is set from what a server offers: the mode, the passband, the dial, and the profile's reach.</summary>
public sealed class OpenWebRxTuningTests
{
    private static OpenWebRxServerState State(string modes, double centre = 145e6, double rate = 2.4e6)
    {
        var state = new OpenWebRxServerState();
        state.TryHandshake("CLIENT DE SERVER server=openwebrx version=1.2.121");
        using var config = JsonDocument.Parse($$"""{"center_freq": {{centre}}, "samp_rate": {{rate}}, "fft_size": 4096, "sdr_id": "rtlsdr", "profile_id": "2m"}""");
        state.ApplyConfig(config.RootElement);
        using var list = JsonDocument.Parse(modes);
        state.ApplyModes(list.RootElement);
        return state;
    }

    private const string Plus = """
        [{"modulation": "nfm", "bandpass": {"low_cut": -4000, "high_cut": 4000}}, {"modulation": "lsb", "bandpass": {"low_cut": -2750, "high_cut": -150}},
         {"modulation": "usb", "bandpass": {"low_cut": 150, "high_cut": 2750}}, {"modulation": "usbd", "bandpass": {"low_cut": 0, "high_cut": 24000}},
         {"modulation": "freedv", "bandpass": {"low_cut": 300, "high_cut": 3000}}]
        """;

    private static OpenWebRxSettings Settings(string json = "{}") => OpenWebRxSettings.Read(OpenWebRxSettingsTests.Receiver(settings: json), []);

    [Test]
    public void Auto_Should_take_the_widest_sideband_mode_and_put_the_request_in_the_middle_of_its_passband()
    {
        var state = State(Plus);
        var mode = OpenWebRxTuning.ChooseMode(state, Settings());
        var tuning = OpenWebRxTuning.Plan(state, mode, 145_500_000, 12_000)!;
        Assert.Multiple(() =>
        {
            Assert.That(mode.Modulation, Is.EqualTo("usbd"));
            // 0…24 kHz kept to 80 % of the 48 kHz audio's band, so that the codec's own noise shows above it.
            Assert.That(tuning, Is.EqualTo(new OpenWebRxTuning("usbd", 0, 19_200, 145_490_400, 490_400, 48_000, true, 9_600, false)));
            Assert.That(tuning.DspParameters(), Is.EqualTo("""{"type":"dspcontrol","params":{"low_cut":0,"high_cut":19200,"offset_freq":490400,"mod":"usbd","squelch_level":-150}}"""));
        });
    }

    [Test]
    public void The_lower_sideband_Should_hear_the_request_inverted_above_the_dial()
    {
        var state = State(Plus);
        var tuning = OpenWebRxTuning.Plan(state, OpenWebRxTuning.ChooseMode(state, Settings("""{"mode": "lsb"}""")), 145_500_000, 12_000)!;
        Assert.That(tuning, Is.EqualTo(new OpenWebRxTuning("lsb", -2750, -150, 145_501_450, 501_450, 12_000, false, 1_450, true)));
    }

    [Test]
    public void Without_a_modes_list_Should_use_the_upstream_usb_passband_and_refuse_a_mode_not_offered()
    {
        var state = new OpenWebRxServerState();
        Assert.That(OpenWebRxTuning.ChooseMode(state, Settings()), Is.EqualTo(new OpenWebRxMode("usb", "USB", 300, 3000)));
        var refused = Assert.Throws<ReceiverRefusedException>(() => OpenWebRxTuning.ChooseMode(State("""[{"modulation": "usb", "bandpass": {"low_cut": 300, "high_cut": 3000}}]"""), Settings("""{"mode": "usbd"}""")));
        Assert.That(refused!.Message, Is.EqualTo("http://owrx.example:8073 does not offer mode 'usbd' (settings.mode; its single-sideband modes: usb)."));
        var none = Assert.Throws<ReceiverRefusedException>(() => OpenWebRxTuning.ChooseMode(State("""[{"modulation": "nfm", "bandpass": {"low_cut": -4000, "high_cut": 4000}}]"""), Settings()));
        Assert.That(none!.Message, Does.StartWith("http://owrx.example:8073 offers no single-sideband mode with a passband (its modes: nfm)"));
    }

    [TestCase(145_500_000, true)]
    [TestCase(146_100_000, true)]
    [TestCase(146_135_000, false)]
    [TestCase(143_800_000, false)]
    [TestCase(435_000_000, false)]
    public void A_request_Should_fit_only_when_its_passband_stays_inside_the_profile_less_its_edges(double frequencyHz, bool fits)
    {
        // 145 MHz ± 1.2 MHz, less 5 % at each edge: 143.86…146.14 MHz for the usbd passband (the request ± 9.6 kHz).
        var state = State(Plus);
        Assert.That(OpenWebRxTuning.Plan(state, OpenWebRxTuning.ChooseMode(state, Settings()), frequencyHz, 12_000) is not null, Is.EqualTo(fits));
    }
}
