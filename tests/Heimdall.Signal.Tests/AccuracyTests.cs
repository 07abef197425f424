using System.Numerics;

namespace Heimdall.Signal.Tests;

/// <summary>The accuracy the metrics promise (README.md), on synthetic captures whose truth is known.</summary>
public class AccuracyTests
{
    private const double SampleRateHz = 12_000;
    private const double Amplitude = 0.1; // −20 dBFS

    [TestCase(3.0)]
    [TestCase(10.0)]
    [TestCase(20.0)]
    [TestCase(30.0)]
    [TestCase(40.0)]
    public void A_tone_in_white_noise_Should_give_10_log_A2_over_sigma2_within_half_a_dB(double snrDb)
    {
        var noisePower = Amplitude * Amplitude / Math.Pow(10, snrDb / 10);
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, 1234.5, Amplitude, noisePower, seed: (int)snrDb);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.SignalDetected, Is.True);
            Assert.That(m.SnrDb, Is.EqualTo(snrDb).Within(0.5));
            Assert.That(m.NoiseFloorDbfsPerHz, Is.EqualTo(10 * Math.Log10(noisePower / SampleRateHz)).Within(0.2));
        });
    }

    [TestCase(-4321.7)]
    [TestCase(-0.7)]
    [TestCase(2.9)]
    [TestCase(1234.56)]
    [TestCase(5000.25)]
    public void The_offset_of_a_tone_in_a_10_s_capture_Should_be_found_within_half_a_hertz(double toneHz)
    {
        var samples = TestSignals.ToneWithNoise(120_000, SampleRateHz, toneHz, Amplitude, noisePower: 1e-3, seed: 7);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.That(m.FrequencyOffsetHz, Is.EqualTo(toneHz).Within(0.5));
    }

    [Test]
    public void The_offset_of_a_1_s_capture_Should_be_refined_far_below_the_11_7_Hz_bin()
    {
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, 777.77, Amplitude, noisePower: 1e-3, seed: 3);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.That(m.FrequencyOffsetHz, Is.EqualTo(777.77).Within(0.5));
    }

    [TestCase(SampleFormat.Ci16Le)]
    [TestCase(SampleFormat.Cu8)]
    [TestCase(SampleFormat.Cf32Le)]
    public void Power_Should_be_the_mean_power_of_the_samples_within_0_05_dB_in_every_format(SampleFormat format)
    {
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, -2000, 0.5, noisePower: 1e-2, seed: 11);
        var bytes = Encode(samples, format);

        var m = SignalAnalyzer.Measure(bytes, format, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.PowerDbfs, Is.EqualTo(10 * Math.Log10(TestSignals.MeanPower(samples))).Within(0.05));
            Assert.That(m.SnrDb, Is.EqualTo(10 * Math.Log10(0.25 / 1e-2)).Within(0.5));
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(-2000).Within(0.5));
            Assert.That(m.SampleCount, Is.EqualTo(12_000));
        });
    }

    [Test]
    public void Two_tones_Should_give_the_stronger_offset_and_count_both_as_signal()
    {
        var samples = TestSignals.Tones(12_000, SampleRateHz, [(0.1, 1000), (0.05, -2500)], 1e-4, seed: 5);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(1000).Within(0.5));
            Assert.That(m.SnrDb, Is.EqualTo(10 * Math.Log10((0.01 + 0.0025) / 1e-4)).Within(0.5));
            // The 99 % band runs from the weaker tone to the stronger: 3500 Hz, widened by the window's main lobes (±2 bins) at each end.
            Assert.That(m.OccupiedBandwidthHz, Is.EqualTo(3500).Within(3 * SampleRateHz / 1024));
        });
    }

    [TestCase(5998.0)]
    [TestCase(-5999.7)]
    public void A_tone_at_the_band_edge_Should_keep_its_offset_snr_and_narrow_bandwidth(double toneHz)
    {
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, toneHz, Amplitude, 1e-3, seed: 9);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(toneHz).Within(0.5));
            Assert.That(m.SnrDb, Is.EqualTo(10.0).Within(0.5));
            Assert.That(m.OccupiedBandwidthHz, Is.LessThanOrEqualTo(4 * SampleRateHz / 1024), "the main lobe, not a band wrapped around the edge");
        });
    }

    [Test]
    public void A_tone_exactly_at_DC_Should_be_measured_unless_the_mean_is_removed()
    {
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, 0, Amplitude, 1e-3, seed: 4);
        var bytes = TestSignals.ToCf32(samples);

        var kept = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz);
        var removed = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz, new SpectrumOptions { RemoveMean = true });

        Assert.Multiple(() =>
        {
            Assert.That(kept.FrequencyOffsetHz, Is.EqualTo(0).Within(0.5));
            Assert.That(kept.SnrDb, Is.EqualTo(10.0).Within(0.5));
            Assert.That(removed.SignalDetected, Is.False, "a tone at 0 Hz is a constant: removing the mean removes it");
            Assert.That(removed.PowerDbfs, Is.EqualTo(kept.PowerDbfs), "power is always the mean |x|² of the samples as they are");
        });
    }

    [Test]
    public void A_DC_offset_Should_be_a_component_at_0_Hz_and_RemoveMean_Should_take_it_out()
    {
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, 1500, Amplitude, 1e-4, seed: 8)
            .Select(x => x + new Complex(0.2, 0))
            .ToArray();
        var bytes = TestSignals.ToCi16(samples);

        var kept = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);
        var removed = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz, new SpectrumOptions { RemoveMean = true });

        Assert.Multiple(() =>
        {
            Assert.That(kept.FrequencyOffsetHz, Is.EqualTo(0).Within(0.5), "the DC offset (0.2) is stronger than the tone (0.1)");
            Assert.That(kept.SnrDb, Is.EqualTo(10 * Math.Log10((0.04 + 0.01) / 1e-4)).Within(0.5));
            Assert.That(removed.FrequencyOffsetHz, Is.EqualTo(1500).Within(0.5));
            Assert.That(removed.SnrDb, Is.EqualTo(20.0).Within(0.5));
            Assert.That(removed.PowerDbfs, Is.EqualTo(10 * Math.Log10(TestSignals.MeanPower(samples))).Within(0.05));
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Noise_alone_Should_be_reported_as_no_signal_with_a_true_noise_floor(int seed)
    {
        const double noisePower = 1e-3;
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, 0, 0, noisePower, seed);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.SignalDetected, Is.False);
            Assert.That(m.SnrDb, Is.Null);
            Assert.That(m.FrequencyOffsetHz, Is.Null);
            Assert.That(m.OccupiedBandwidthHz, Is.Null);
            Assert.That(m.NoiseFloorDbfsPerHz, Is.EqualTo(10 * Math.Log10(noisePower / SampleRateHz)).Within(0.1));
            Assert.That(m.PowerDbfs, Is.EqualTo(-30.0).Within(0.1));
        });
    }

    [Test]
    public void A_clipped_capture_Should_report_the_clipped_fraction_and_still_find_the_tone()
    {
        var samples = TestSignals.ToneWithNoise(12_000, SampleRateHz, 1000, 1.5, 1e-4, seed: 2);
        var bytes = TestSignals.ToCi16(samples);
        var clipped = samples.Count(x => Math.Abs(x.Real) * 32768 >= 32767 || Math.Abs(x.Imaginary) * 32768 >= 32767);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.ClippingFraction, Is.EqualTo(clipped / 12_000.0).Within(1e-12));
            Assert.That(m.ClippingFraction, Is.GreaterThan(0.5));
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(1000).Within(0.5));
        });
    }

    [Test]
    public void A_band_of_noise_Should_occupy_99_percent_of_its_width()
    {
        // White noise filtered to 2 kHz by summing tones of random phase one bin apart (flat, 2000 Hz wide), plus a weak floor.
        var random = new Random(12);
        var tones = Enumerable.Range(0, 200).Select(i => (0.01, -1000 + (i * 10.0) + (random.NextDouble() * 0.1))).ToArray();
        var samples = TestSignals.Tones(24_000, SampleRateHz, tones, 1e-6, seed: 12);

        var m = SignalAnalyzer.Measure(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, SampleRateHz);

        Assert.That(m.OccupiedBandwidthHz, Is.EqualTo(0.99 * 2000).Within(2 * SampleRateHz / 1024));
    }

    private static byte[] Encode(Complex[] samples, SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le => TestSignals.ToCi16(samples),
        SampleFormat.Cu8 => TestSignals.ToCu8(samples),
        _ => TestSignals.ToCf32(samples),
    };
}
