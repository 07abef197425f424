using System.Numerics;

namespace Heimdall.Signal.Tests;

/// <summary>Reference signals for tests, built independently of the code under test.</summary>
internal static class TestSignals
{
    /// <summary>A complex tone exp(j2πft)·amplitude plus complex white Gaussian noise of total power <paramref name="noisePower"/> (full-scale units).</summary>
    public static Complex[] ToneWithNoise(int count, double sampleRateHz, double toneHz, double amplitude, double noisePower, int seed)
    {
        var random = new Random(seed);
        var sigma = Math.Sqrt(noisePower / 2);
        var samples = new Complex[count];
        for (var n = 0; n < count; n++)
        {
            var tone = Complex.FromPolarCoordinates(amplitude, 2 * Math.PI * toneHz * n / sampleRateHz);
            samples[n] = tone + new Complex(sigma * Gaussian(random), sigma * Gaussian(random));
        }

        return samples;
    }

    /// <summary>Mean |x|² computed directly.</summary>
    public static double MeanPower(Complex[] samples) => samples.Average(x => x.Magnitude * x.Magnitude);

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
