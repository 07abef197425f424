using Heimdall.Signal.Timing;

namespace Heimdall.Signal.Tests.Timing;

public sealed class KiwiTimingFitTests
{
    [Test]
    public void When_the_stamps_lie_on_a_line_the_fit_Should_give_its_rate_and_start_and_no_residual()
    {
        const double rate = 11_998.903;
        long[] indices = [-300, 212, 724, 1236, 1748];
        var start = 1_000_000_000_000L;
        var times = indices.Select(i => start + (long)Math.Round(i * 1e9 / rate)).ToArray();

        var fit = KiwiTimingFit.Fit(indices, times);

        Assert.Multiple(() =>
        {
            Assert.That(fit.SampleRateHz, Is.EqualTo(rate).Within(1e-4));
            Assert.That(fit.StartGpsNanoseconds, Is.EqualTo(start).Within(1));
            Assert.That(fit.ResidualRmsNs, Is.LessThan(1));
            Assert.That(fit.ResidualMaxNs, Is.LessThan(1));
        });
    }

    [Test]
    public void When_one_stamp_is_off_the_residuals_Should_show_it()
    {
        long[] indices = [0, 512, 1024, 1536];
        long[] times = [0, 42_000_000, 84_000_000 + 4_000, 126_000_000];

        var fit = KiwiTimingFit.Fit(indices, times);

        // A 4 µs error on the third of four stamps: the line moves by 400 ns a packet, residuals −0.4, −0.8, +2.8, −1.6 µs.
        Assert.That(fit.ResidualMaxNs, Is.EqualTo(2_800).Within(1));
        Assert.That(fit.ResidualRmsNs, Is.EqualTo(Math.Sqrt(2_800_000.0)).Within(1));
    }

    [Test]
    public void When_there_is_one_stamp_Fit_Should_refuse() =>
        Assert.That(() => KiwiTimingFit.Fit([0], [0]), Throws.ArgumentException);
}
