using System.Numerics;

namespace Heimdall.Signal.Tests;

public class FftTests
{
    [TestCase(2)]
    [TestCase(16)]
    [TestCase(256)]
    public void Forward_Should_match_a_direct_DFT(int size)
    {
        var random = new Random(size);
        var input = Enumerable.Range(0, size).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var re = input.Select(x => x.Real).ToArray();
        var im = input.Select(x => x.Imaginary).ToArray();

        new Fft(size).Forward(re, im);

        for (var k = 0; k < size; k++)
        {
            var expected = Complex.Zero;
            for (var n = 0; n < size; n++)
            {
                expected += input[n] * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * n / size);
            }

            Assert.That(re[k], Is.EqualTo(expected.Real).Within(1e-9), $"Re X[{k}]");
            Assert.That(im[k], Is.EqualTo(expected.Imaginary).Within(1e-9), $"Im X[{k}]");
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(24)]
    public void When_size_is_not_a_power_of_two_of_at_least_2_Should_throw(int size)
    {
        Assert.That(() => new Fft(size), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
