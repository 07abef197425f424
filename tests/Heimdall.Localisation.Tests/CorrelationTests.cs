using System.Numerics;
using Heimdall.Localisation.Correlation;
using Heimdall.Localisation.Simulation;

namespace Heimdall.Localisation.Tests;

public sealed class CorrelationTests
{
    /// <summary>
    /// Two receivers 40 km apart hear a 500 Hz-wide signal 20 dB above the noise in its band; both also pick up the
    /// same interference at the same instant (a local source, or a common spur pattern): white over the whole
    /// 12 kHz at 17 dB below the signal's density, plus two common tones. The interference's total power is
    /// (12 000/500)·10^−1.7 = 0.48 of the signal's, at zero lag.
    /// </summary>
    private static (IReadOnlyList<Heimdall.Localisation.Input.StationCapture> Captures, double Truth) CommonInterference(int seed)
    {
        var scenario = new TdoaScenario
        {
            Transmitter = Scenarios.Frame.FromEnu(-15_000, 3_000, 0),
            Receivers = [new SimulatedReceiver("A", Scenarios.Frame.FromEnu(-20_000, 0, 0), 20), new SimulatedReceiver("B", Scenarios.Frame.FromEnu(20_000, 0, 0), 20)],
            BandwidthHz = 500,
            SignalOffsetHz = 1_000,
        };
        var simulated = TdoaSimulator.Generate(scenario, Scenarios.LineOfSight, seed);
        var random = new Random(seed + 1000);
        var length = simulated.Captures[0].Samples.Length;
        var signalDensity = 0.05 * 0.05 / 500;
        var sigma = Math.Sqrt(signalDensity * Math.Pow(10, -1.7) * 12_000 / 2);
        var common = Enumerable.Range(0, length).Select(n => new Complex(sigma * TdoaSimulator.Gaussian(random), sigma * TdoaSimulator.Gaussian(random))
            + Complex.FromPolarCoordinates(0.02, 2 * Math.PI * 3_100.0 * n / 12_000) + Complex.FromPolarCoordinates(0.02, 2 * Math.PI * -2_250.0 * n / 12_000)).ToArray();
        var captures = simulated.Captures.Select(c => c with { Samples = c.Samples.Select((x, n) => x + common[n]).ToArray() }).ToList();
        return (captures, simulated.ArrivalSeconds[1] - simulated.ArrivalSeconds[0]);
    }

    [Test]
    public void When_both_receivers_share_interference_at_zero_lag_the_band_limited_correlation_Should_find_the_signals_delay_and_PHAT_Should_lock_on_zero()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var (captures, truth) = CommonInterference(seed);

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
