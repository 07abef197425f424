namespace Heimdall.Signal.Tests;

/// <summary>
/// The stated uncertainties of an IQ measurement against the truth over many independent captures of a known tone in
/// noise (fixed seeds). A stated σ is a standard deviation whose models may be conservative, never optimistic: the share
/// of errors within 2σ must be at least what a right σ gives less three binomial deviations (95.4 − 3·√(0.954·0.046/200)
/// ≈ 91 % over 200 trials), and the mean of z² = (error/σ)² at most 1.3 (1 + 3·√(2/200), a right σ's mean z² deviating
/// by 0.1) and at least 0.25 (σ no more than twice the errors' own spread).
/// </summary>
public sealed class UncertaintyTests
{
    private const int Trials = 200;
    private const double RateHz = 12_000;

    [TestCase(10.0, 1234.56, 12_000)]
    [TestCase(30.0, -2718.28, 12_000)]
    [TestCase(3.0, 4321.0, 120_000)]
    public void The_stated_uncertainties_Should_cover_the_errors_as_a_standard_deviation_does(double snrDb, double toneHz, int samples)
    {
        const double noisePower = 1e-4;
        var amplitude = Math.Sqrt(noisePower * Math.Pow(10, snrDb / 10));
        var z = new List<(double Snr, double Offset, double Power)>();
        for (var seed = 1; seed <= Trials; seed++)
        {
            var capture = TestSignals.ToneWithNoise(samples, RateHz, toneHz, amplitude, noisePower, seed);
            var measured = SignalAnalyzer.Measure(TestSignals.ToCf32(capture), SampleFormat.Cf32Le, RateHz);
            var sigma = measured.Uncertainty!;
            z.Add(((measured.SnrDb!.Value - snrDb) / sigma.SnrDb!.Value,
                (measured.FrequencyOffsetHz!.Value - toneHz) / sigma.FrequencyOffsetHz!.Value,
                (measured.PowerDbfs - (10 * Math.Log10((amplitude * amplitude) + noisePower))) / sigma.PowerDb!.Value));
        }

        Assert.Multiple(() =>
        {
            foreach (var (name, values) in new[] { ("SNR", z.Select(v => v.Snr)), ("offset", z.Select(v => v.Offset)), ("power", z.Select(v => v.Power)) })
            {
                var list = values.ToList();
                Assert.That(list.Average(v => v * v), Is.InRange(0.25, 1.3), $"{name}: mean z²");
                Assert.That(list.Count(v => Math.Abs(v) <= 2) / (double)Trials, Is.GreaterThanOrEqualTo(0.91), $"{name}: share within 2σ");
            }
        });
    }
}
