using Heimdall.Localisation.Simulation;
using Heimdall.Localisation.Solving;

namespace Heimdall.Localisation.Tests;

public sealed class ArrivalTimesTests
{
    private static double[,] Diagonal(int n, double sigma)
    {
        var c = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            c[i, i] = sigma * sigma;
        }

        return c;
    }

    [Test]
    public void When_the_pairs_agree_Should_give_each_receivers_time_relative_to_the_first_with_no_residual()
    {
        double[] times = [0, 12e-6, -30e-6, 55e-6];
        var pairs = new List<(int, int, double)>();
        for (var a = 0; a < 4; a++)
        {
            for (var b = a + 1; b < 4; b++)
            {
                pairs.Add((a, b, times[b] - times[a]));
            }
        }

        var result = ArrivalTimes.Solve(4, pairs, Diagonal(6, 1e-6));

        Assert.Multiple(() =>
        {
            Assert.That(result.Times, Is.EqualTo(times).Within(1e-15));
            Assert.That(result.ChiSquare, Is.EqualTo(0).Within(1e-12));
            Assert.That(result.DegreesOfFreedom, Is.EqualTo(6 - 3));
            Assert.That(result.Rejected, Is.Empty);
        });
    }

    [Test]
    public void When_one_pair_is_50_sigma_off_Should_leave_it_out_and_keep_the_others()
    {
        double[] times = [0, 12e-6, -30e-6, 55e-6];
        var pairs = new List<(int, int, double)>();
        for (var a = 0; a < 4; a++)
        {
            for (var b = a + 1; b < 4; b++)
            {
                pairs.Add((a, b, times[b] - times[a] + (a == 1 && b == 2 ? 50e-6 : 0)));
            }
        }

        var result = ArrivalTimes.Solve(4, pairs, Diagonal(6, 1e-6));

        Assert.Multiple(() =>
        {
            Assert.That(result.Rejected.Keys, Is.EqualTo(new[] { 3 }), "pair (1, 2) is the fourth of (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)");
            Assert.That(result.Times, Is.EqualTo(times).Within(1e-12));
        });
    }

    [Test]
    public void When_three_receivers_have_independent_noise_the_pairs_Should_not_be_treated_as_independent()
    {
        // Pair errors e_ab = n_b − n_a share the receivers' noise: covariance σ²·(2 on the diagonal, ±1 where a receiver is shared).
        var c = new double[3, 3] { { 2, 1, -1 }, { 1, 2, 1 }, { -1, 1, 2 } };
        var result = ArrivalTimes.Solve(3, [(0, 1, 0), (0, 2, 0), (1, 2, 0)], c);

        // With the covariance, t₁ − t₀ keeps its true variance 2σ² (the 1 % of each variance kept independent moves it by less than 1 %);
        // treating the pairs as independent would report 4σ²/3.
        Assert.That(result.Covariance[1, 1], Is.EqualTo(2).Within(0.02));
    }
}
