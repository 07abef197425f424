using System.Text.Json;

namespace Heimdall.Signal.Tests;

/// <summary>
/// The Welch PSD against scipy.signal.welch(..., return_onesided=False, scaling='density'), on vectors made by
/// GoldenVectors/generate.py (Debian's python3-scipy); regenerate them with that script.
/// </summary>
public class WelchGoldenTests
{
    private const double RelativeTolerance = 1e-5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string Directory = Path.Combine(TestContext.CurrentContext.TestDirectory, "GoldenVectors");

    private sealed record Golden(string Generator, double SampleRateHz, int SegmentLength, bool RemoveMean, double[] FrequenciesHz, double[] Density);

    [TestCase("tone_in_noise", FftBackend.Managed)]
    [TestCase("tone_in_noise", FftBackend.Fftw)]
    [TestCase("dc_offset_mean_removed", FftBackend.Managed)]
    [TestCase("dc_offset_mean_removed", FftBackend.Fftw)]
    [TestCase("two_tones_band_edge", FftBackend.Managed)]
    [TestCase("two_tones_band_edge", FftBackend.Fftw)]
    public void Welch_density_Should_match_scipy_bin_for_bin(string name, FftBackend backend)
    {
        FourierTransformTests.RequireBackend(backend);
        var golden = JsonSerializer.Deserialize<Golden>(
            File.ReadAllText(Path.Combine(Directory, name + ".json")), Json)!;
        var samples = IqDecoder.Decode(File.ReadAllBytes(Path.Combine(Directory, name + ".cf32")), SampleFormat.Cf32Le);
        var welch = new WelchAccumulator(golden.SegmentLength, golden.RemoveMean, backend);

        welch.Append(samples);
        var spectrum = welch.ToSpectrum(golden.SampleRateHz);

        Assert.That(spectrum.Density, Has.Length.EqualTo(golden.Density.Length));
        var worst = 0.0;
        for (var k = 0; k < golden.Density.Length; k++)
        {
            Assert.That(spectrum.FrequencyOfBin(k), Is.EqualTo(golden.FrequenciesHz[k]).Within(1e-9 * golden.SampleRateHz), $"frequency of bin {k}");
            worst = Math.Max(worst, Math.Abs(spectrum.Density[k] - golden.Density[k]) / golden.Density[k]);
        }

        TestContext.Out.WriteLine($"{name} on {backend}: largest relative difference {worst:E2}");
        Assert.That(worst, Is.LessThanOrEqualTo(RelativeTolerance), "largest relative difference over all bins");
    }
}
