using Heimdall.Receivers.OpenWebRx;
using Heimdall.Testing.OpenWebRx;

namespace Heimdall.Receivers.Tests.OpenWebRx;

/// <summary>
/// The driver's IMA ADPCM decoding against the in-test server's encoder (written apart, from csdr's coder): audio with and
/// without sync blocks, split anywhere between messages, a lost sync, and FFT lines.
/// </summary>
public sealed class ImaAdpcmTests
{
    private static short[] Noise(int count, double rms, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            (short)Math.Clamp(Math.Round(rms * 32767 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())), short.MinValue, short.MaxValue))];
    }

    private static (byte[] Coded, short[] Original) Coded(bool sync, int count = 12_000, int seed = 1)
    {
        var samples = Noise(count, 0.25, seed);
        return (new OpenWebRxEmulatedSignal(new OpenWebRxEmulatorOptions(), seed).CodeAudio(samples, adpcm: true, sync), samples);
    }

    private static List<short> Decode(byte[] coded, int pieceBytes, AdpcmAudioDecoder? decoder = null)
    {
        decoder ??= new AdpcmAudioDecoder();
        var output = new List<short>();
        for (var i = 0; i < coded.Length; i += pieceBytes)
        {
            decoder.Decode(coded.AsSpan(i, Math.Min(pieceBytes, coded.Length - i)), output);
        }

        return output;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Audio_Should_decode_the_same_however_the_messages_split_it(bool sync)
    {
        var (coded, original) = Coded(sync);

        var whole = Decode(coded, coded.Length);
        var bytes = Decode(coded, 1);
        var sevens = Decode(coded, 7);

        Assert.Multiple(() =>
        {
            // 12000 samples are 6000 coded bytes, with a sync block of 8 bytes before every 1000 of them.
            Assert.That(coded, Has.Length.EqualTo(sync ? 6_000 + (6 * 8) : 6_000));
            Assert.That(whole, Has.Count.EqualTo(12_000));
            Assert.That(bytes, Is.EqualTo(whole));
            Assert.That(sevens, Is.EqualTo(whole));

            // The decoder tracks the encoder: its error stays well below the signal (noise at a quarter of full scale).
            var error = whole.Zip(original, (d, o) => (double)(d - o) * (d - o)).Average();
            var signal = original.Average(o => (double)o * o);
            Assert.That(10 * Math.Log10(signal / error), Is.GreaterThan(10));
        });
    }

    [Test]
    public void A_lost_sync_block_Should_be_counted_and_the_next_one_resume_the_stream()
    {
        var (coded, _) = Coded(sync: true);
        var reference = Decode(coded, coded.Length);
        var broken = (byte[])coded.Clone();
        var second = 8 + 1000; // the second sync block
        "XXXX"u8.CopyTo(broken.AsSpan(second));
        var decoder = new AdpcmAudioDecoder();

        var output = Decode(broken, 100, decoder);

        Assert.Multiple(() =>
        {
            Assert.That(decoder.SyncLosses, Is.EqualTo(1));
            Assert.That(decoder.SkippedBytes, Is.EqualTo(1000 + 8), "the broken block and the 1000 bytes after it, up to the third block");
            Assert.That(output, Has.Count.EqualTo(reference.Count - 2000));
            Assert.That(output.Take(2000), Is.EqualTo(reference.Take(2000)), "before the loss");
            Assert.That(output.Skip(2000), Is.EqualTo(reference.Skip(4000)), "from the third sync block on, exactly as without the loss");
        });
    }

    [Test]
    public void An_FFT_line_Should_decode_to_its_levels_without_the_padding()
    {
        var options = new OpenWebRxEmulatorOptions { FftSize = 1024, FftFps = 10, FftAverages = 1000, ToneAmplitude = 0 };
        var profile = new OpenWebRxEmulatedProfile("rtlsdr", "2m", "2m", 145e6, 2.4e6);
        var coded = new OpenWebRxEmulatedSignal(options, 3).FftLine(profile);

        var levels = ImaAdpcm.DecodeFftLine(coded);

        // Noise of 1e-4/1.2e6 per Hz over 2.4 MHz in bins of a 1024-point Hamming window (Σw² ≈ 407), averaged over
        // 1000 FFTs (±0.14 dB), then −70 dB: 10·log10(2e-4 · 406.6) − 70 = −80.9 dB.
        Assert.Multiple(() =>
        {
            Assert.That(coded, Has.Length.EqualTo((1024 + 10) / 2));
            Assert.That(levels, Has.Length.EqualTo(1024));
            Assert.That(levels.Average(), Is.EqualTo(10 * Math.Log10(2e-4 * SpectrumMeasurement.HammingEnergy(1024)) - 70).Within(0.1));
        });
    }
}
