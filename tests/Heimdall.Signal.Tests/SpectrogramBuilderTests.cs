using System.Numerics;

namespace Heimdall.Signal.Tests;

/// <summary>
/// The spectrum and waterfall the API serves: the average is the Welch PSD the analyzer measures (same segments, window
/// and scaling), the rows split the segments as documented, and a tone shows where and when it is.
/// </summary>
[TestFixture]
public sealed class SpectrogramBuilderTests
{
    private const double Rate = 12_000;
    private const int Bins = 256;

    [Test]
    public void The_average_Should_be_the_Welch_PSD_of_the_same_samples_within_1e_9_relative()
    {
        var samples = TestSignals.ToneWithNoise(12_000, Rate, 1_500, 0.3, 1e-3, seed: 11);
        var spectrogram = Build(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, samples.Length, Bins, 10);

        var welch = new WelchAccumulator(Bins, removeMean: false);
        welch.Append(DecodedCf32(samples));
        var expected = welch.ToSpectrum(Rate).Density;
        Assert.That(spectrogram.SegmentCount, Is.EqualTo(welch.SegmentCount));
        for (var k = 0; k < Bins; k++)
        {
            Assert.That(spectrogram.DensityDbfsPerHz[k], Is.EqualTo(10 * Math.Log10(expected[k])).Within(1e-9 * Math.Abs(10 * Math.Log10(expected[k]))), $"bin {k}");
        }
    }

    [Test]
    public void Rows_Should_split_the_segments_evenly_and_average_back_to_the_whole()
    {
        // 12 000 samples, N = 256: S = (12 000 − 256) / 128 + 1 = 92 segments; 10 rows of 9 or 10 (segment s in row ⌊10s/92⌋).
        var samples = TestSignals.ToneWithNoise(12_000, Rate, -2_000, 0.1, 1e-2, seed: 5);
        var spectrogram = Build(TestSignals.ToCf32(samples), SampleFormat.Cf32Le, samples.Length, Bins, 10);

        Assert.That(spectrogram.SegmentCount, Is.EqualTo(92));
        Assert.That(spectrogram.Rows, Is.EqualTo(10));
        var expectedCounts = Enumerable.Range(0, 10).Select(r => Enumerable.Range(0, 92).Count(s => s * 10 / 92 == r)).ToArray();
        Assert.That(spectrogram.RowSegments, Is.EqualTo(expectedCounts));
        var firstSegments = Enumerable.Range(0, 10).Select(r => Enumerable.Range(0, 92).First(s => s * 10 / 92 == r)).ToArray();
        Assert.That(spectrogram.RowStartSeconds, Is.EqualTo(firstSegments.Select(s => s * 128 / Rate).ToArray()).Within(1e-12));

        // The segment-weighted mean of the rows' linear densities is the average over every segment.
        for (var k = 0; k < Bins; k++)
        {
            var weighted = Enumerable.Range(0, 10).Sum(r => Math.Pow(10, spectrogram.RowDensitiesDbfsPerHz[(r * Bins) + k] / 10) * spectrogram.RowSegments[r]) / 92;
            var whole = Math.Pow(10, spectrogram.DensityDbfsPerHz[k] / 10);
            Assert.That(weighted, Is.EqualTo(whole).Within(1e-9 * whole), $"bin {k}");
        }
    }

    [Test]
    public void A_tone_switched_on_halfway_Should_be_in_its_bin_in_the_later_rows_only()
    {
        // A tone on bin 32 above the centre (1 500 Hz = 32 × 46.875 Hz), from sample 6 000 on; noise power 1e-4.
        var noise = TestSignals.ToneWithNoise(12_000, Rate, 0, 0, 1e-4, seed: 3);
        var tone = TestSignals.ToneWithNoise(12_000, Rate, 1_500, 0.5, 0, seed: 3);
        var samples = noise.Select((x, n) => n >= 6_000 ? x + tone[n] : x).ToArray();
        var spectrogram = Build(TestSignals.ToCi16(samples), SampleFormat.Ci16Le, samples.Length, Bins, 4);

        var toneBin = (Bins / 2) + 32;
        Assert.That(Array.IndexOf(spectrogram.DensityDbfsPerHz, spectrogram.DensityDbfsPerHz.Max()), Is.EqualTo(toneBin));
        double Row(int r, int k) => spectrogram.RowDensitiesDbfsPerHz[(r * Bins) + k];

        // Rows 0 and 1 end before sample 6 000 (row 1's last segment starts at 45·128 = 5 760 and ends at 6 016: one
        // segment overlaps by 16 samples, so row 1 is checked against the much weaker bound it implies); rows 2 and 3 hold the tone.
        Assert.That(Row(0, toneBin), Is.LessThan(Row(0, toneBin + 40) + 10), "row 0: noise only at the tone's bin");
        Assert.That(Row(2, toneBin), Is.GreaterThan(Row(2, toneBin + 40) + 40), "row 2: the tone stands 40 dB above the noise");
        Assert.That(Row(3, toneBin), Is.GreaterThan(Row(3, toneBin + 40) + 40), "row 3: the tone stands 40 dB above the noise");
    }

    [Test]
    public void Blocks_of_any_size_Should_give_the_same_spectrogram()
    {
        var samples = TestSignals.ToneWithNoise(5_000, Rate, 700, 0.2, 1e-3, seed: 9);
        var bytes = TestSignals.ToCi16(samples);
        var whole = Build(bytes, SampleFormat.Ci16Le, samples.Length, 64, 7);
        var builder = new SpectrogramBuilder(SampleFormat.Ci16Le, Rate, samples.Length, 64, 7);
        for (var offset = 0; offset < bytes.Length; offset += 7)
        {
            builder.Append(bytes.AsSpan(offset, Math.Min(7, bytes.Length - offset)));
        }

        var pieces = builder.Complete();
        Assert.That(pieces.DensityDbfsPerHz, Is.EqualTo(whole.DensityDbfsPerHz));
        Assert.That(pieces.RowDensitiesDbfsPerHz, Is.EqualTo(whole.RowDensitiesDbfsPerHz));
    }

    [Test]
    public void Fewer_or_more_samples_than_announced_Should_be_refused()
    {
        var bytes = TestSignals.ToCi16(TestSignals.ToneWithNoise(1_000, Rate, 700, 0.2, 1e-3, seed: 1));
        var shorter = new SpectrogramBuilder(SampleFormat.Ci16Le, Rate, 1_001, 64, 4);
        shorter.Append(bytes);
        Assert.That(() => shorter.Complete(), Throws.TypeOf<IqDataException>().With.Message.Contains("1000 whole samples"));
        var longer = new SpectrogramBuilder(SampleFormat.Ci16Le, Rate, 999, 64, 4);
        Assert.That(() => longer.Append(bytes), Throws.TypeOf<IqDataException>().With.Message.Contains("999 samples announced"));
        Assert.That(() => new SpectrogramBuilder(SampleFormat.Ci16Le, Rate, 1_000, 100, 4), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static Spectrogram Build(byte[] bytes, SampleFormat format, long count, int bins, int rows)
    {
        var builder = new SpectrogramBuilder(format, Rate, count, bins, rows);
        builder.Append(bytes);
        return builder.Complete();
    }

    /// <summary>The samples as the cf32 decoder yields them (float precision), so both paths see identical values.</summary>
    private static Complex[] DecodedCf32(Complex[] samples) => [.. samples.Select(x => new Complex((float)x.Real, (float)x.Imaginary))];
}
