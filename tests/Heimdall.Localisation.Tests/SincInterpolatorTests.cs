using System.Numerics;
using Heimdall.Localisation.Alignment;

namespace Heimdall.Localisation.Tests;

public sealed class SincInterpolatorTests
{
    // The error has two parts: the fraction is rounded to 1/4096 sample (at most 1/8192 off: a phase error of
    // 2π·ν/8192 on a tone of ν cycles per sample), and the 32-tap kernel's own error, below 1e-4 up to 0.35 of the rate
    // and below 7e-4 at 0.4 (where the Kaiser window's transition begins).
    [TestCase(0.05, 1e-4)]
    [TestCase(0.2, 1e-4)]
    [TestCase(0.35, 1e-4)]
    [TestCase(0.4, 7e-4)]
    public void When_a_tone_is_resampled_at_fractional_positions_with_a_clock_170_ppm_off_Should_match_the_tone_there(double cyclesPerSample, double kernel)
    {
        var tolerance = (2 * Math.PI * cyclesPerSample / 8192) + kernel;
        var source = Enumerable.Range(0, 4000).Select(n => Complex.FromPolarCoordinates(1, 2 * Math.PI * cyclesPerSample * n)).ToArray();
        var output = new Complex[3000];
        const double first = 20.3719, step = 1.00017;

        SincInterpolator.Resample(source, first, step, output);

        var worst = output.Select((y, m) => Complex.Abs(y - Complex.FromPolarCoordinates(1, 2 * Math.PI * cyclesPerSample * (first + (m * step))))).Max();
        Assert.That(worst, Is.LessThan(tolerance));
    }

    [Test]
    public void When_positions_are_whole_samples_Should_return_the_samples_themselves()
    {
        var random = new Random(3);
        var source = Enumerable.Range(0, 200).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        var output = new Complex[100];

        SincInterpolator.Resample(source, 40, 1, output);

        Assert.That(output.Select((y, m) => Complex.Abs(y - source[40 + m])).Max(), Is.LessThan(1e-12));
    }

    [Test]
    public void When_a_position_is_within_the_kernel_of_the_ends_Should_refuse()
    {
        Assert.That(() => SincInterpolator.Resample(new Complex[100], 3, 1, new Complex[10]), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
