namespace Heimdall.Signal.Tests;

public class WelchEstimatorTests
{
    [TestCase(12_000, 12_000.0, 2048)]
    [TestCase(3_600_000, 2_400_000.0, 65536)]
    [TestCase(1_000, 12_000.0, 512)]
    [TestCase(100_000, 1_000.0, 256)]
    [TestCase(100, 1_000.0, 64)]
    public void SegmentLength_Should_give_about_10_Hz_bins_within_the_clamps(int count, double sampleRate, int expected)
    {
        Assert.That(WelchEstimator.SegmentLength(count, sampleRate), Is.EqualTo(expected));
    }

    [Test]
    public void Density_summed_over_the_band_Should_equal_the_mean_power_of_white_noise()
    {
        var samples = TestSignals.ToneWithNoise(48_000, 48_000, 0, 0, 1e-4, seed: 3);

        var spectrum = WelchEstimator.Estimate(samples, 48_000);

        var integrated = spectrum.Density.Sum() * spectrum.BinWidthHz;
        Assert.That(integrated / TestSignals.MeanPower(samples), Is.EqualTo(1.0).Within(0.02));
    }

    [Test]
    public void Bins_Should_run_from_minus_half_the_sample_rate_with_the_tone_in_its_bin()
    {
        // 12 kHz / 2048 = 5.859375 Hz bins; 300 bins above centre is 1757.8125 Hz.
        var samples = TestSignals.ToneWithNoise(12_000, 12_000, 1757.8125, 0.5, 0, seed: 1);

        var spectrum = WelchEstimator.Estimate(samples, 12_000);
        var peak = Array.IndexOf(spectrum.Density, spectrum.Density.Max());

        Assert.Multiple(() =>
        {
            Assert.That(spectrum.Density, Has.Length.EqualTo(2048));
            Assert.That(spectrum.FrequencyOfBin(0), Is.EqualTo(-6000.0).Within(1e-9));
            Assert.That(spectrum.FrequencyOfBin(peak), Is.EqualTo(1757.8125).Within(1e-9));
        });
    }
}
