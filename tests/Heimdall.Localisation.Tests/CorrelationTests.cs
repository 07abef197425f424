using Heimdall.Localisation.Correlation;
using Heimdall.Localisation.Simulation;

namespace Heimdall.Localisation.Tests;

public sealed class CorrelationTests
{
    [Test]
    public void When_both_receivers_share_interference_at_zero_lag_the_band_limited_correlation_Should_find_the_signals_delay_and_PHAT_Should_lock_on_zero()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var (captures, truth) = CommonInterference.Generate(seed);

            var banded = Locator.Locate(captures, Scenarios.Options).Pairs.Single();
            var phat = Locator.Locate(captures, Scenarios.Options with { Weighting = CorrelationWeighting.Phat, MinimumPeakRatio = 0 }).Pairs.Single();

            Assert.Multiple(() =>
            {
                Assert.That(Math.Abs(banded.DelaySeconds!.Value - truth), Is.LessThan(4 * banded.SigmaSeconds!.Value), $"seed {seed}: band-limited");
                Assert.That(Math.Abs(phat.DelaySeconds!.Value), Is.LessThan(10e-6), $"seed {seed}: PHAT should peak at zero lag (truth {truth * 1e6:0.#} µs)");
                Assert.That(banded.Quality.LineBins, Is.GreaterThanOrEqualTo(10), "both tones excised with their main lobes (5 bins each)");
            });
        }
    }

    [Test]
    public void When_the_delay_is_fractional_and_the_clocks_are_off_nominal_each_pair_Should_be_within_4_sigma_of_the_truth()
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var scenario = Scenarios.Square(northKm: seed - 5);
            var simulated = TdoaSimulator.Generate(scenario, Scenarios.LineOfSight, seed);
            var estimate = Locator.Locate(simulated.Captures, Scenarios.Options);
            foreach (var pair in estimate.Pairs)
            {
                var a = scenario.Receivers.ToList().FindIndex(r => r.Name == pair.ReceiverA);
                var b = scenario.Receivers.ToList().FindIndex(r => r.Name == pair.ReceiverB);
                var truth = simulated.ArrivalSeconds[b] - simulated.ArrivalSeconds[a];
                Assert.That(Math.Abs(pair.DelaySeconds!.Value - truth), Is.LessThan(4 * pair.SigmaSeconds!.Value), $"seed {seed} {pair.ReceiverA}-{pair.ReceiverB}");
            }
        }
    }

    [Test]
    public void When_a_lag_is_a_fraction_of_a_segment_the_Hann_lag_window_Should_fall_as_one_minus_two_pi_squared_over_three_u_squared()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PairCorrelator.LagWindow(0), Is.EqualTo(1).Within(1e-15));
            Assert.That(PairCorrelator.LagWindow(0.01), Is.EqualTo(1 - (2 * Math.PI * Math.PI / 3 * 1e-4)).Within(1e-6));
            Assert.That(PairCorrelator.LagWindow(0.5), Is.EqualTo((0.5 * (2 - 1)) / 3).Within(1e-12), "(1 − ½)(2 + cos π)/3 = 1/6");
            Assert.That(PairCorrelator.LagWindow(-0.2), Is.EqualTo(PairCorrelator.LagWindow(0.2)));
        });
    }
}
