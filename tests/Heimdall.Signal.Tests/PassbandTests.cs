namespace Heimdall.Signal.Tests;

/// <summary>
/// A receiver whose filter passes less than its sample rate (a 20.25 kHz KiwiSDR with its default ±5 kHz passband)
/// leaves the rest of the band empty: measured inside the passband, the noise floor and the SNR are the band's own.
/// </summary>
public class PassbandTests
{
    private const int Count = 32_768;
    private const double SampleRateHz = 20_250;
    private const double ToneHz = 1_234.5;
    private const double Amplitude = 0.1;
    private static readonly Passband Kiwi = new(-5_000, 5_000);

    /// <summary>Noise density for an in-band SNR of 23 dB: A² / (N0·B) = 10^2.3.</summary>
    private static readonly double NoiseDensity = Amplitude * Amplitude / Math.Pow(10, 2.3) / Kiwi.WidthHz;

    /// <summary>
    /// How far the measurement may honestly be from the truth, dB: chance (the noise floor is the mean of the passband's
    /// noise bins, all but 20 of its bins left for the tone and its guard, each a Welch average of K Hann segments at 50 %
    /// overlap with relative standard deviation sqrt((1 + 2/36)/K), taken as M/2 independent values because adjacent
    /// Hann bins are correlated; five standard deviations, 4.343 dB per unit); the passband's edge bins, which miss the
    /// leakage from the empty band (at most half their power, two bins at each edge); the passband counted in whole bins;
    /// 0.01 dB for the tone's own estimate (its power is about 10⁴ times the noise in its bins). The SNR's error is the
    /// noise floor's plus the tone's, so one tolerance serves both.
    /// </summary>
    private static double ToleranceDb(SignalMeasurement measured)
    {
        var binWidth = SampleRateHz / measured.SegmentLength;
        var inBand = Enumerable.Range(0, measured.SegmentLength).Count(k => (k - (measured.SegmentLength / 2)) * binWidth is >= -5_000 and <= 5_000);
        var chance = 4.343 * 5 * Math.Sqrt((1 + (2.0 / 36)) / measured.SegmentCount) * Math.Sqrt(2.0 / (inBand - 20));
        var edges = 4.343 * (4 * 0.5) / inBand;
        var width = Math.Abs(10 * Math.Log10(inBand * binWidth / Kiwi.WidthHz));
        return chance + edges + width + 0.01;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void A_capture_whose_filter_leaves_half_the_band_empty_Should_measure_its_noise_and_SNR_inside_the_passband(int seed)
    {
        var bytes = TestSignals.ToCf32(TestSignals.ToneInBandLimitedNoise(Count, SampleRateHz, Kiwi.LowHz, Kiwi.HighHz, NoiseDensity, ToneHz, Amplitude, seed));

        var measured = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz, new SpectrumOptions { Passband = Kiwi });
        var wholeBand = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, SampleRateHz);

        var tolerance = ToleranceDb(measured);
        Assert.Multiple(() =>
        {
            Assert.That(measured.SignalDetected, Is.True);
            Assert.That(measured.SnrDb, Is.EqualTo(23).Within(tolerance), "SNR over the noise in the passband");
            Assert.That(measured.NoiseFloorDbfsPerHz, Is.EqualTo(10 * Math.Log10(NoiseDensity)).Within(tolerance), "noise density inside the passband");
            Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(ToneHz).Within(0.5));
            Assert.That(measured.PowerDbfs, Is.EqualTo(wholeBand.PowerDbfs), "power is every sample's, whatever the passband");

            // What the passband prevents: the median of the whole band lies in its empty half.
            Assert.That(wholeBand.NoiseFloorDbfsPerHz, Is.LessThan(10 * Math.Log10(NoiseDensity) - 20));
            Assert.That(wholeBand.SnrDb, Is.GreaterThan(43));
        });
    }

    [Test]
    public void The_whole_band_as_a_passband_Should_measure_exactly_as_no_passband()
    {
        var bytes = TestSignals.ToCi16(TestSignals.ToneWithNoise(30_000, 12_000, 321, 0.1, 1e-3, seed: 4));

        var given = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, 12_000, new SpectrumOptions { Passband = Passband.Whole(12_000) });

        Assert.That(given, Is.EqualTo(SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, 12_000)));
    }

    [Test]
    public void A_passband_narrower_than_one_bin_Should_be_measured_on_the_bin_nearest_its_middle()
    {
        var bytes = TestSignals.ToCi16(TestSignals.ToneWithNoise(30_000, 12_000, 321, 0.1, 1e-3, seed: 5));

        var measured = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, 12_000, new SpectrumOptions { Passband = new Passband(100, 101) });

        // Bin 9 (105.5 Hz at 11.72 Hz per bin) holds only noise: its density is the noise floor and nothing is detected.
        Assert.That(measured.SignalDetected, Is.False);
        Assert.That(measured.NoiseFloorDbfsPerHz, Is.EqualTo(measured.PeakPsdDbfsPerHz));
    }

    [TestCase(5_000, 5_000, "The passband's lower edge (5000 Hz) must be below its upper edge (5000 Hz).")]
    [TestCase(double.NaN, 5_000, "The passband's edges must be finite numbers of hertz.")]
    [TestCase(7_000, 9_000, "The passband 7000 … 9000 Hz lies outside the captured band, ±6000 Hz around the tuned frequency.")]
    public void A_passband_that_is_not_a_band_inside_the_capture_Should_be_refused_naming_it(double low, double high, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CaptureAnalyzer(SampleFormat.Ci16Le, 12_000, new SpectrumOptions { Passband = new Passband(low, high) }));
        Assert.That(error!.Message, Does.StartWith(message));
    }
}
