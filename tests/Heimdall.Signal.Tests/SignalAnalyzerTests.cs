using System.Buffers.Binary;
using System.Numerics;

namespace Heimdall.Signal.Tests;

public class SignalAnalyzerTests
{
    private const double SampleRateHz = 12_000;
    private const int SampleCount = 12_000;
    private const double ToneHz = 1234.5;
    private const double ToneAmplitude = 0.1;   // −20 dBFS
    private const double NoisePower = 1e-4;     // −40 dBFS over the 12 kHz band

    private static readonly double TrueNoiseDensityDbfsPerHz = 10 * Math.Log10(NoisePower / SampleRateHz);
    private static readonly double TrueSnrDb = 10 * Math.Log10(ToneAmplitude * ToneAmplitude / NoisePower);

    [Test]
    public void When_a_tone_is_in_noise_Measure_Should_find_its_power_offset_snr_and_noise_floor()
    {
        var samples = TestSignals.ToneWithNoise(SampleCount, SampleRateHz, ToneHz, ToneAmplitude, NoisePower, seed: 42);

        var m = SignalAnalyzer.Measure(samples, SampleRateHz, clippingFraction: 0);

        Assert.Multiple(() =>
        {
            Assert.That(m.PowerDbfs, Is.EqualTo(10 * Math.Log10(TestSignals.MeanPower(samples))).Within(0.05));
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(ToneHz).Within(0.5));
            Assert.That(m.SnrDb, Is.EqualTo(TrueSnrDb).Within(0.5));
            Assert.That(m.NoiseFloorDbfsPerHz, Is.EqualTo(TrueNoiseDensityDbfsPerHz).Within(0.5));
            Assert.That(m.ClippingFraction, Is.Zero);
        });
    }

    [TestCase(-4321.0)]
    [TestCase(-0.7)]
    [TestCase(2.9)]
    [TestCase(5000.25)]
    public void When_a_tone_is_anywhere_in_the_band_Its_offset_Should_be_found_within_half_a_hertz(double toneHz)
    {
        var samples = TestSignals.ToneWithNoise(SampleCount, SampleRateHz, toneHz, ToneAmplitude, NoisePower, seed: 7);

        var m = SignalAnalyzer.Measure(samples, SampleRateHz, 0);

        Assert.That(m.FrequencyOffsetHz, Is.EqualTo(toneHz).Within(0.5));
    }

    [Test]
    public void Tone_peak_and_occupied_bandwidth_Should_reflect_a_single_line()
    {
        var samples = TestSignals.ToneWithNoise(SampleCount, SampleRateHz, ToneHz, ToneAmplitude, NoisePower, seed: 42);

        var m = SignalAnalyzer.Measure(samples, SampleRateHz, 0);

        // A Hann-windowed tone puts its power in ~1.5 bins (5.86 Hz each), so its peak density is at most A²/Δf.
        var binWidth = SampleRateHz / 2048;
        Assert.Multiple(() =>
        {
            Assert.That(m.PeakPsdDbfsPerHz, Is.LessThanOrEqualTo(10 * Math.Log10(ToneAmplitude * ToneAmplitude / binWidth)));
            Assert.That(m.PeakPsdDbfsPerHz, Is.GreaterThan(10 * Math.Log10(ToneAmplitude * ToneAmplitude / binWidth / 3)));
            Assert.That(m.OccupiedBandwidthHz, Is.InRange(binWidth, 5 * binWidth));
        });
    }

    [Test]
    public void When_the_capture_is_pure_noise_The_noise_floor_Should_be_the_noise_density()
    {
        var samples = TestSignals.ToneWithNoise(SampleCount, SampleRateHz, 0, 0, NoisePower, seed: 5);

        var m = SignalAnalyzer.Measure(samples, SampleRateHz, 0);

        Assert.Multiple(() =>
        {
            Assert.That(m.NoiseFloorDbfsPerHz, Is.EqualTo(TrueNoiseDensityDbfsPerHz).Within(0.5));
            Assert.That(m.OccupiedBandwidthHz, Is.EqualTo(SampleRateHz / 2048).Within(1e-9));
            Assert.That(m.SnrDb, Is.LessThan(-10));
        });
    }

    [Test]
    public void Bytes_overload_Should_decode_and_measure_like_the_samples_overload()
    {
        var samples = TestSignals.ToneWithNoise(SampleCount, SampleRateHz, ToneHz, ToneAmplitude, NoisePower, seed: 42);
        var bytes = new byte[samples.Length * 8];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 * i), (float)samples[i].Real);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((8 * i) + 4), (float)samples[i].Imaginary);
        }

        var fromBytes = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz);
        var fromSamples = SignalAnalyzer.Measure(samples, SampleRateHz, 0);

        Assert.Multiple(() =>
        {
            Assert.That(fromBytes.PowerDbfs, Is.EqualTo(fromSamples.PowerDbfs).Within(1e-4));
            Assert.That(fromBytes.FrequencyOffsetHz, Is.EqualTo(fromSamples.FrequencyOffsetHz).Within(1e-3));
            Assert.That(fromBytes.SnrDb, Is.EqualTo(fromSamples.SnrDb).Within(1e-3));
            Assert.That(fromBytes.ClippingFraction, Is.Zero);
        });
    }

    [Test]
    public void Ci16_clipping_Should_count_samples_with_I_or_Q_at_either_rail()
    {
        // 20 samples; I = 32767 in #0, Q = −32768 in #3, both in #7, I = −32768 in #12, Q = 32767 in #19: 5 of 20 clipped.
        var bytes = new byte[20 * 4];
        for (var i = 0; i < 20; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * i), (short)(100 * i));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * i) + 2), (short)(-100 * i));
        }

        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(0), short.MaxValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * 3) + 2), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * 7), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * 7) + 2), short.MaxValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * 12), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * 19) + 2), short.MaxValue);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);

        Assert.That(m.ClippingFraction, Is.EqualTo(0.25).Within(1e-15));
    }

    [Test]
    public void Cu8_clipping_Should_count_samples_with_I_or_Q_at_0_or_255()
    {
        // 16 samples at mid scale; #2 has I = 0, #5 has Q = 255, #9 has I = 255 and Q = 0: 3 of 16.
        var bytes = Enumerable.Repeat((byte)128, 32).ToArray();
        bytes[4] = 0;
        bytes[11] = 255;
        bytes[18] = 255;
        bytes[19] = 0;
        bytes[20] = 1;
        bytes[21] = 254;

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Cu8, SampleRateHz);

        Assert.That(m.ClippingFraction, Is.EqualTo(3.0 / 16).Within(1e-15));
    }

    [Test]
    public void Cf32_clipping_Should_count_samples_with_a_component_of_magnitude_one_or_more()
    {
        // 16 samples; #1 has I = 1.0, #4 has Q = −1.25, #6 has Q = 0.999 (not clipped): 2 of 16.
        var bytes = new byte[16 * 8];
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), 1.0f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((8 * 4) + 4), -1.25f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((8 * 6) + 4), 0.999f);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz);

        Assert.That(m.ClippingFraction, Is.EqualTo(2.0 / 16).Within(1e-15));
    }

    [Test]
    public void When_input_is_invalid_Measure_Should_throw_ArgumentException()
    {
        var samples = new Complex[64];

        Assert.Multiple(() =>
        {
            Assert.That(() => SignalAnalyzer.Measure(new Complex[15], SampleRateHz, 0), Throws.ArgumentException);
            Assert.That(() => SignalAnalyzer.Measure(samples, 0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => SignalAnalyzer.Measure(samples, double.NaN, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => SignalAnalyzer.Measure(samples, SampleRateHz, 1.5), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => SignalAnalyzer.Measure(new byte[65], SampleFormat.Ci16Le, SampleRateHz), Throws.ArgumentException);
        });
    }
}
