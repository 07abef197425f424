using Heimdall.Receivers.RtlTcp;
using Heimdall.Testing.RtlTcp;

namespace Heimdall.Receivers.Tests.RtlTcp;

public sealed class RtlSampleRateTests
{
    [TestCase(1_000_000u, 1_000_000.026491)]
    [TestCase(250_000u, 250_000.000414)]
    [TestCase(2_048_000u, 2_048_000.0)]
    [TestCase(2_400_000u, 2_400_000.0)]
    [TestCase(1_024_000u, 1_024_000.0)]
    [TestCase(3_200_000u, 3_200_000.0)]
    public void Should_give_the_exact_rate_librtlsdr_runs_at(uint requested, double exact) =>
        Assert.That(RtlSampleRate.Exact(requested), Is.EqualTo(exact).Within(1e-6));

    [TestCase(225_000u, false)]
    [TestCase(225_001u, true)]
    [TestCase(300_000u, true)]
    [TestCase(300_001u, false)]
    [TestCase(900_000u, false)]
    [TestCase(900_001u, true)]
    [TestCase(3_200_000u, true)]
    [TestCase(3_200_001u, false)]
    [TestCase(0u, false)]
    public void Should_accept_exactly_librtlsdr_s_ranges(uint requested, bool accepted) =>
        Assert.That(RtlSampleRate.IsAccepted(requested), Is.EqualTo(accepted));

    [Test]
    public void When_a_rate_is_refused_Exact_Should_throw_naming_the_ranges() =>
        Assert.That(() => RtlSampleRate.Exact(500_000), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("225001–300000 Hz or 900001–3200000 Hz"));

    [Test]
    public void Should_agree_with_the_emulator_s_independent_computation_at_every_accepted_rate_step()
    {
        var rates = Enumerable.Range(0, 751).Select(i => 225_001u + ((uint)i * 100)).Where(RtlSampleRate.IsAccepted)
            .Concat(Enumerable.Range(0, 2301).Select(i => 900_001u + ((uint)i * 1000)).Where(RtlSampleRate.IsAccepted));
        foreach (var rate in rates)
        {
            Assert.That(RtlSampleRate.Exact(rate), Is.EqualTo(RtlTcpEmulator.ExactRate(rate)), $"rate {rate}");
        }
    }

    [TestCase(999_999.6, 1_000_000u)]
    [TestCase(2_048_000.4, 2_048_000u)]
    public void Parameter_Should_round_to_the_nearest_hertz(double rate, uint parameter) =>
        Assert.That(RtlSampleRate.Parameter(rate), Is.EqualTo(parameter));
}
