using System.Buffers.Binary;

namespace Heimdall.Signal.Tests;

/// <summary>Streaming, short captures and bad input.</summary>
public class CaptureAnalyzerTests
{
    private const double SampleRateHz = 12_000;

    [Test]
    public void Blocks_of_any_size_Should_measure_exactly_like_one_block()
    {
        var bytes = TestSignals.ToCi16(TestSignals.ToneWithNoise(30_000, SampleRateHz, 321, 0.1, 1e-3, seed: 1));
        var whole = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, SampleRateHz);
        var analyzer = new CaptureAnalyzer(SampleFormat.Ci16Le, SampleRateHz);
        int[] blockSizes = [1, 3, 7, 4093, 13];

        for (int offset = 0, i = 0; offset < bytes.Length; i++)
        {
            var size = Math.Min(blockSizes[i % blockSizes.Length], bytes.Length - offset);
            analyzer.Append(bytes.AsSpan(offset, size));
            offset += size;
        }

        Assert.That(analyzer.Complete(), Is.EqualTo(whole));
    }

    [Test]
    public async Task MeasureAsync_Should_stream_a_file_and_match_Measure()
    {
        var bytes = TestSignals.ToCu8(TestSignals.ToneWithNoise(200_000, SampleRateHz, -321, 0.3, 1e-2, seed: 2));
        long lastProgress = 0;

        using var stream = new MemoryStream(bytes);
        var streamed = await SignalAnalyzer.MeasureAsync(
            stream, SampleFormat.Cu8, SampleRateHz, options: null, new SynchronousProgress(p => lastProgress = p), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(streamed, Is.EqualTo(SignalAnalyzer.Measure(bytes, SampleFormat.Cu8, SampleRateHz)));
            Assert.That(lastProgress, Is.EqualTo(bytes.Length));
        });
    }

    [Test]
    public void The_memory_allocated_per_capture_Should_not_grow_with_its_length()
    {
        var small = TestSignals.ToCi16(TestSignals.ToneWithNoise(120_000, SampleRateHz, 100, 0.1, 1e-3, seed: 3));
        var large = new byte[small.Length * 10];
        for (var i = 0; i < 10; i++)
        {
            small.CopyTo(large, i * small.Length);
        }

        SignalAnalyzer.Measure(small, SampleFormat.Ci16Le, SampleRateHz);
        var before = GC.GetAllocatedBytesForCurrentThread();
        SignalAnalyzer.Measure(small, SampleFormat.Ci16Le, SampleRateHz);
        var forSmall = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        SignalAnalyzer.Measure(large, SampleFormat.Ci16Le, SampleRateHz);
        var forLarge = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(forLarge, Is.EqualTo(forSmall), $"bytes allocated for 120 000 samples: {forSmall}; for 1 200 000: {forLarge}");
    }

    [Test]
    public void A_capture_shorter_than_one_segment_Should_use_one_segment_of_the_largest_power_of_two_it_holds()
    {
        var bytes = TestSignals.ToCf32(TestSignals.ToneWithNoise(700, SampleRateHz, 2000, 0.1, 1e-4, seed: 4));

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz);

        Assert.Multiple(() =>
        {
            Assert.That(m.SegmentLength, Is.EqualTo(512));
            Assert.That(m.SegmentCount, Is.EqualTo(1));
            Assert.That(m.SampleCount, Is.EqualTo(700));
            Assert.That(m.SignalDetected, Is.True);
            Assert.That(m.FrequencyOffsetHz, Is.EqualTo(2000).Within(SampleRateHz / 512 / 2));
        });
    }

    [Test]
    public void Bad_data_Should_throw_IqDataException_naming_the_problem()
    {
        var nan = TestSignals.ToCf32(TestSignals.ToneWithNoise(64, SampleRateHz, 0, 0.1, 1e-4, seed: 5));
        BinaryPrimitives.WriteSingleLittleEndian(nan.AsSpan((8 * 37) + 4), float.NaN);
        var infinity = TestSignals.ToCf32(TestSignals.ToneWithNoise(64, SampleRateHz, 0, 0.1, 1e-4, seed: 5));
        BinaryPrimitives.WriteSingleLittleEndian(infinity.AsSpan(8 * 5), float.PositiveInfinity);

        Assert.Multiple(() =>
        {
            Assert.That(() => SignalAnalyzer.Measure([], SampleFormat.Ci16Le, SampleRateHz),
                Throws.TypeOf<IqDataException>().With.Message.EqualTo("The capture holds no samples."));
            Assert.That(() => SignalAnalyzer.Measure(new byte[4001], SampleFormat.Ci16Le, SampleRateHz),
                Throws.TypeOf<IqDataException>().With.Message.EqualTo(
                    "The data is 4001 bytes, not a whole number of ci16_le samples (4 bytes each): 1 byte(s) left over at the end."));
            Assert.That(() => SignalAnalyzer.Measure(nan, SampleFormat.Cf32Le, SampleRateHz),
                Throws.TypeOf<IqDataException>().With.Message.StartsWith("cf32_le sample 37 is not a finite number"));
            Assert.That(() => SignalAnalyzer.Measure(infinity, SampleFormat.Cf32Le, SampleRateHz),
                Throws.TypeOf<IqDataException>().With.Message.StartsWith("cf32_le sample 5 is not a finite number"));
            Assert.That(() => SignalAnalyzer.Measure(new byte[4000], SampleFormat.Ci16Le, SampleRateHz),
                Throws.TypeOf<IqDataException>().With.Message.StartsWith("All 1000 samples are zero"));
            Assert.That(() => SignalAnalyzer.Measure(new byte[] { 1, 2, 3, 4 }, SampleFormat.Ci16Le, SampleRateHz),
                Throws.TypeOf<IqDataException>().With.Message.EqualTo("The capture holds 1 samples; at least 16 are needed to measure it."));
        });
    }

    [TestCase(0.0)]
    [TestCase(-12_000.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_sample_rate_that_is_not_positive_and_finite_Should_be_refused(double sampleRateHz)
    {
        Assert.That(() => new CaptureAnalyzer(SampleFormat.Ci16Le, sampleRateHz),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.StartsWith("The sample rate must be a positive, finite number of hertz."));
    }

    [TestCase(1000)]
    [TestCase(8)]
    [TestCase(1 << 21)]
    public void A_segment_length_that_is_not_a_power_of_two_from_16_to_2_pow_20_Should_be_refused(int segmentLength)
    {
        Assert.That(() => new CaptureAnalyzer(SampleFormat.Ci16Le, SampleRateHz, new SpectrumOptions { SegmentLength = segmentLength }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.StartsWith("The segment length must be a power of two from 16 to 1048576."));
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
