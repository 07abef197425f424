using Heimdall.Localisation.Simulation;

namespace Heimdall.Localisation.Tests;

public sealed class BoundsTests
{
    [TestCase(1.0, 1.0)]
    [TestCase(10.0, 10.0)]
    [TestCase(100.0, 3.0)]
    public void When_there_are_two_receivers_the_joint_bound_of_their_times_Should_equal_the_pairs_bound(double snrA, double snrB)
    {
        var joint = TdoaBounds.ArrivalTimes([snrA, snrB], 3000, 1);
        var difference = joint[0, 0] + joint[1, 1] - (2 * joint[0, 1]);

        Assert.That(Math.Sqrt(difference), Is.EqualTo(TdoaBounds.PairDelay(snrA, snrB, 3000, 1)).Within(1e-9).Percent);
    }

    [Test]
    public void When_a_third_receiver_joins_the_bound_of_the_first_two_Should_not_grow()
    {
        var two = TdoaBounds.ArrivalTimes([10, 10], 3000, 1);
        var three = TdoaBounds.ArrivalTimes([10, 10, 10], 3000, 1);

        Assert.That(three[0, 0] + three[1, 1] - (2 * three[0, 1]), Is.LessThanOrEqualTo(two[0, 0] + two[1, 1] - (2 * two[0, 1])));
    }
}
