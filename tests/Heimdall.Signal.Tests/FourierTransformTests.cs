using System.Numerics;
using Heimdall.Signal.Fourier;

namespace Heimdall.Signal.Tests;

public class FourierTransformTests
{
    [TestCase(FftBackend.Managed, 2)]
    [TestCase(FftBackend.Managed, 16)]
    [TestCase(FftBackend.Managed, 1024)]
    [TestCase(FftBackend.Fftw, 16)]
    [TestCase(FftBackend.Fftw, 1024)]
    public void Forward_Should_equal_the_direct_DFT(FftBackend backend, int size)
    {
        RequireBackend(backend);
        var random = new Random(size);
        var input = Enumerable.Range(0, size).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var fft = FourierTransforms.Create(size, backend);
        input.CopyTo(fft.Buffer);

        fft.Forward();

        var output = fft.Buffer.ToArray();
        for (var k = 0; k < size; k++)
        {
            var expected = Complex.Zero;
            for (var n = 0; n < size; n++)
            {
                expected += input[n] * Complex.FromPolarCoordinates(1, -2 * Math.PI * ((long)k * n % size) / size);
            }

            Assert.That(Complex.Abs(output[k] - expected), Is.LessThan(1e-10 * size), $"bin {k}");
        }
    }

    [Test]
    public void Two_FFTW_transforms_of_one_size_Should_not_share_their_buffers()
    {
        RequireBackend(FftBackend.Fftw);
        var first = FourierTransforms.Create(64, FftBackend.Fftw);
        var second = FourierTransforms.Create(64, FftBackend.Fftw);
        first.Buffer.Fill(Complex.One);
        second.Buffer.Clear();

        first.Forward();
        second.Forward();

        Assert.Multiple(() =>
        {
            Assert.That(first.Buffer[0], Is.EqualTo(new Complex(64, 0)));
            Assert.That(second.Buffer[0], Is.EqualTo(Complex.Zero));
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(12)]
    public void When_the_size_is_not_a_power_of_two_of_at_least_2_The_managed_FFT_Should_refuse_it(int size)
    {
        Assert.That(() => new ManagedFourierTransform(size), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>FFTW is optional (GPL, loaded at run time): its cases are skipped, and say so, where libfftw3 is not installed.</summary>
    internal static void RequireBackend(FftBackend backend)
    {
        if (backend == FftBackend.Fftw && !FftwNative.IsAvailable)
        {
            Assert.Ignore("libfftw3 is not installed here (Debian: libfftw3-double3); the managed FFT is tested instead.");
        }
    }
}
