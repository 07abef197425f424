using Heimdall.Signal.Simulation;

namespace Heimdall.Signal.Tests.Simulation;

public class IqSynthesizerTests
{
    private const double TunedHz = 145_000_000;
    private const double SampleRateHz = 48_000;
    private const int SampleCount = 48_000;

    private static readonly SimulatedTransmitter Transmitter = new()
    {
        Position = new GeoPoint(45.044, 7.672, 300),
        PowerDbm = 30,
        FrequencyHz = 145_001_200,
    };

    private static readonly SimulatedStation Station = new()
    {
        ReceiverId = 4,
        Position = new GeoPoint(45.478, 9.123, 150),
        LocalOscillatorPpm = SimulatedStation.DefaultLocalOscillatorPpm(4),
    };

    [Test]
    public void Synthesized_capture_Should_measure_as_the_link_model_predicts()
    {
        var link = LinkModel.Predict(Transmitter, Station, TunedHz, SampleRateHz);
        var bytes = IqSynthesizer.Synthesize(Transmitter, Station, TunedHz, SampleRateHz, SampleCount, seed: 11);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);

        var expectedPower = 10 * Math.Log10(Math.Pow(10, link.SignalDbfs / 10) + Math.Pow(10, link.NoiseDbfs / 10));
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Has.Length.EqualTo(SampleCount * 4));
            Assert.That(m.SnrDb, Is.EqualTo(link.SnrDb).Within(0.5));
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(link.FrequencyOffsetHz).Within(1.0));
            Assert.That(m.PowerDbfs, Is.EqualTo(expectedPower).Within(0.1));
            Assert.That(m.NoiseFloorDbfsPerHz, Is.EqualTo(link.NoiseDbfs - (10 * Math.Log10(SampleRateHz))).Within(0.5));
            Assert.That(m.ClippingFraction, Is.Zero);
        });
    }

    [Test]
    public void When_a_strong_wide_FM_signal_is_present_The_noise_floor_Should_stay_at_the_thermal_density()
    {
        // Modulation index 5: Bessel sidebands spread over about ±6 kHz, 54 dB above the noise over the full band.
        var strong = Transmitter with { PowerDbm = 50, DeviationHz = 5_000 };
        var link = LinkModel.Predict(strong, Station, TunedHz, SampleRateHz);
        var bytes = IqSynthesizer.Synthesize(strong, Station, TunedHz, SampleRateHz, SampleCount, seed: 12);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(link.SnrDb, Is.GreaterThan(50), "premise: a strong signal");
            Assert.That(m.NoiseFloorDbfsPerHz, Is.EqualTo(link.NoiseDbfs - (10 * Math.Log10(SampleRateHz))).Within(0.5));
            Assert.That(m.SnrDb, Is.EqualTo(link.SnrDb).Within(0.5));
            Assert.That(m.OccupiedBandwidthHz, Is.InRange(10_000.0, 16_000.0));
        });
    }

    [Test]
    public void Same_seed_Should_give_identical_bytes_and_another_seed_different_bytes()
    {
        var first = IqSynthesizer.Synthesize(Transmitter, Station, TunedHz, SampleRateHz, 4_096, seed: 1);
        var again = IqSynthesizer.Synthesize(Transmitter, Station, TunedHz, SampleRateHz, 4_096, seed: 1);
        var other = IqSynthesizer.Synthesize(Transmitter, Station, TunedHz, SampleRateHz, 4_096, seed: 2);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first).AsCollection);
            Assert.That(other, Is.Not.EqualTo(first).AsCollection);
        });
    }

    [Test]
    public void When_the_signal_exceeds_full_scale_The_capture_Should_clip()
    {
        // Received ≈ −87 dBm; a full scale of −90 dBm puts the carrier about 3 dB above full scale.
        var hot = Station with { FullScaleDbm = -90 };
        var link = LinkModel.Predict(Transmitter, hot, TunedHz, SampleRateHz);
        var bytes = IqSynthesizer.Synthesize(Transmitter, hot, TunedHz, SampleRateHz, 12_000, seed: 3);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(link.SignalDbfs, Is.GreaterThan(0), "premise: above full scale");
            Assert.That(m.ClippingFraction, Is.GreaterThan(0.5));
        });
    }

    [Test]
    public void When_no_samples_are_asked_Synthesize_Should_return_no_bytes()
    {
        Assert.That(IqSynthesizer.Synthesize(Transmitter, Station, TunedHz, SampleRateHz, 0, seed: 1), Is.Empty);
    }
}
