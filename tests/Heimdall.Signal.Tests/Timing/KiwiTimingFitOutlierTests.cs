using Heimdall.Signal.Timing;

namespace Heimdall.Signal.Tests.Timing;

public sealed class KiwiTimingFitOutlierTests
{
    private const double Rate = 12_001.084;
    private const long Start = 1_281_249_158_000_000_000;

    private static (long[] Indices, long[] Times) Line(int count) =>
        (Enumerable.Range(0, count).Select(i => i * 512L).ToArray(), Enumerable.Range(0, count).Select(i => Start + (long)Math.Round(i * 512 * 1e9 / Rate)).ToArray());

    [Test]
    public void When_one_stamp_is_hours_off_Should_leave_it_out_and_fit_the_rest_exactly()
    {
        var (indices, times) = Line(50);
        times[1] -= 11_616L * 1_000_000_000; // the DCF77 set's HB9ODP: a stamp 3.2 h early, with age 0

        var (fit, outliers) = KiwiTimingFit.FitRejectingOutliers(indices, times, 0.5e9 / Rate);

        Assert.Multiple(() =>
        {
            Assert.That(outliers, Is.EqualTo(new[] { 1 }));
            Assert.That(fit!.SampleRateHz, Is.EqualTo(Rate).Within(1e-6));
            Assert.That(fit.StartGpsNanoseconds, Is.EqualTo(Start).Within(1));
            Assert.That(fit.ResidualMaxNs, Is.LessThan(1));
        });
    }

    [Test]
    public void When_a_stamp_is_just_within_half_a_sample_Should_keep_it()
    {
        var (indices, times) = Line(50);
        times[20] += 30_000; // 30 µs, less than half a sample (41.7 µs)

        var (_, outliers) = KiwiTimingFit.FitRejectingOutliers(indices, times, 0.5e9 / Rate);

        Assert.That(outliers, Is.Empty);
    }
}
