using Heimdall.Receivers.SpyServer;
using Heimdall.Signal;

namespace Heimdall.Receivers.Tests.SpyServer;

/// <summary>What the driver asks a SpyServer for, from its DEVICE_INFO and CLIENT_SYNC (an Airspy HF+: 768 kS/s over 2^0…2^8).</summary>
public sealed class SpyServerTuningTests
{
    private static readonly SpyServerDeviceInfo HfPlus = new(2, 0x1234, 768_000, 660_000, 8, 0, 8, 9_000, 260_000_000, 18, 0, 0);

    private static SpyServerClientSync Controlling(uint centre = 145_000_000) => new(true, 5, centre, centre, centre, 9_000, 260_000_000, 9_000, 260_000_000);

    private static SpyServerClientSync Watching(uint centre = 145_300_000) => new(false, 5, centre, centre, centre, centre - 306_000, centre + 306_000, centre - 306_000, centre + 306_000);

    private static SpyServerSettings Settings(string json = "{}") => SpyServerSettings.Read(SpyServerSettingsTests.Receiver(settings: json), []);

    private static CaptureRequest Request(double rateHz = 48_000, double frequencyHz = 145_500_000) =>
        new(Guid.NewGuid(), frequencyHz, rateHz, (long)rateHz, DateTimeOffset.UtcNow);

    [Test]
    public void A_rate_on_offer_Should_be_taken_exactly_with_the_settings_in_SDRplusplus_order()
    {
        var tuning = SpyServerTuning.Plan(HfPlus, Controlling(), Settings("""{"gain": 6, "digitalGainDb": 3}"""), Request());
        Assert.Multiple(() =>
        {
            Assert.That(tuning.Stage, Is.EqualTo(4));
            Assert.That(tuning.RateHz, Is.EqualTo(48_000));
            Assert.That(tuning.SampleFormat, Is.EqualTo(SampleFormat.Ci16Le));
            Assert.That(tuning.FrequencyHz, Is.EqualTo(145_500_000));
            Assert.That(tuning.Warnings, Is.Empty);
            Assert.That(tuning.Settings.Select(s => s.ToString()), Is.EqualTo(new[]
            {
                "StreamingMode=1", "IqFormat=2", "IqDecimation=4", "IqFrequency=145500000", "Gain=6", "IqDigitalGain=3", "StreamingEnabled=1",
            }));
        });
    }

    [Test]
    public void A_rate_not_on_offer_Should_take_the_slowest_that_holds_the_band_and_say_so()
    {
        var tuning = SpyServerTuning.Plan(HfPlus, Controlling(), Settings(), Request(rateHz: 50_000));
        Assert.Multiple(() =>
        {
            Assert.That(tuning.Stage, Is.EqualTo(3));
            Assert.That(tuning.RateHz, Is.EqualTo(96_000));
            Assert.That(tuning.Warnings.Single(), Is.EqualTo("sdr://spy.example:5555 offers no IQ rate of exactly 50000 Hz: captured at 96000 Hz (decimation stage 3), the slowest of its rates that holds the requested band; the capture lasts the requested duration."));
        });
    }

    [Test]
    public void A_rate_above_the_fastest_Should_be_refused_naming_the_rates()
    {
        var refusal = Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus, Controlling(), Settings(), Request(rateHz: 1_000_000)));
        Assert.That(refusal!.Message, Is.EqualTo("sdr://spy.example:5555 cannot capture at 1000000 Hz: its Airspy HF+ offers 768000, 384000, 192000, 96000, 48000, 24000, 12000, 6000, 3000 Hz (maximum 768000 Hz over 2^0, the server's minimum_iq_decimation)."));
    }

    [Test]
    public void A_frequency_outside_the_device_Should_be_refused() =>
        Assert.That(Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus, Controlling(), Settings(), Request(frequencyHz: 433e6)))!.Message,
            Is.EqualTo("sdr://spy.example:5555 cannot tune to 433000000 Hz: its Airspy HF+ covers 9000–260000000 Hz."));

    [Test]
    public void Without_a_device_Should_be_refused() =>
        Assert.That(Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus with { DeviceType = 0 }, Controlling(), Settings(), Request()))!.Message,
            Is.EqualTo("sdr://spy.example:5555 runs without a device (DEVICE_INFO device type 0): the server is up but its SDR is missing or failed."));

    [Test]
    public void A_forced_8_bit_format_Should_win_with_a_warning_and_a_forced_24_bit_be_refused()
    {
        var tuning = SpyServerTuning.Plan(HfPlus with { ForcedIqFormat = 1 }, Controlling(), Settings(), Request());
        Assert.Multiple(() =>
        {
            Assert.That(tuning.SampleFormat, Is.EqualTo(SampleFormat.Cu8));
            Assert.That(tuning.Settings[1].ToString(), Is.EqualTo("IqFormat=1"));
            Assert.That(tuning.Warnings.Single(), Does.StartWith("sdr://spy.example:5555 forces IQ format uint8"));
        });
        Assert.That(Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus with { ForcedIqFormat = 3 }, Controlling(), Settings(), Request()))!.Message,
            Does.Contain("forces IQ format 3 (int24), which has no SigMF datatype Heimdall stores"));
    }

    [Test]
    public void Watching_another_controller_Should_place_the_window_inside_its_band_send_no_gain_and_refuse_outside()
    {
        var inside = SpyServerTuning.Plan(HfPlus, Watching(), Settings("""{"gain": 6}"""), Request());
        Assert.Multiple(() =>
        {
            Assert.That(inside.Controlling, Is.False);
            Assert.That(inside.Settings.Any(s => s.Setting == SpyServerSettingType.Gain), Is.False);
            Assert.That(inside.Warnings.Single(), Is.EqualTo("settings.gain 6 was not sent: another client controls the device, whose gain index 5 applies."));
        });

        var outside = Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus, Watching(146_000_000), Settings(), Request()));
        Assert.That(outside!.Message, Is.EqualTo("sdr://spy.example:5555: another client controls the device, tuned to 146000000 Hz; an IQ window may be centred only between 145694000 and 146306000 Hz (CLIENT_SYNC), and 145500000 Hz is outside."));

        var edge = Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus, Watching() with { MaximumIqCenterFrequency = 145_600_000 }, Settings(), Request(rateHz: 384_000)));
        Assert.That(edge!.Message, Is.EqualTo("sdr://spy.example:5555: another client controls the device, tuned to 145300000 Hz with 660000 Hz of band; a window of 384000 Hz centred on 145500000 Hz would reach outside it."));

        var required = Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus, Watching(), Settings("""{"requireControl": true}"""), Request()));
        Assert.That(required!.Message, Does.Contain("another client controls the device (CLIENT_SYNC CanControl 0; device centre 145300000 Hz, gain index 5), and settings.requireControl is set."));
    }

    [Test]
    public void A_gain_above_the_device_maximum_Should_be_refused() =>
        Assert.That(Assert.Throws<ReceiverRefusedException>(() => SpyServerTuning.Plan(HfPlus, Controlling(), Settings("""{"gain": 9}"""), Request()))!.Message,
            Is.EqualTo("sdr://spy.example:5555 cannot set gain index 9 (settings.gain): its Airspy HF+'s largest is 8."));
}
