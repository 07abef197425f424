using Heimdall.Signal.Timing;

namespace Heimdall.Signal.Tests.Timing;

public sealed class KiwiGnssClockTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Test]
    public void When_a_leap_second_was_inserted_at_the_end_of_2016_GpsMinusUtc_Should_step_from_17_to_18()
    {
        Assert.That(KiwiGnssClock.GpsMinusUtcSeconds(Utc(2016, 12, 31, 23, 59, 59)), Is.EqualTo(17));
        Assert.That(KiwiGnssClock.GpsMinusUtcSeconds(Utc(2017, 1, 1)), Is.EqualTo(18));
        Assert.That(KiwiGnssClock.GpsMinusUtcSeconds(Utc(2026, 11, 28)), Is.EqualTo(18));
        Assert.That(KiwiGnssClock.GpsMinusUtcSeconds(Utc(1980, 1, 6)), Is.Zero);
    }

    [Test]
    public void Should_give_the_GPS_week_and_time_of_week_of_a_UTC_instant_18_s_ahead()
    {
        Assert.That(KiwiGnssClock.ToWeekAndTimeOfWeek(Utc(1980, 1, 6)), Is.EqualTo((0L, 0u, 0u)));
        Assert.That(KiwiGnssClock.ToWeekAndTimeOfWeek(Utc(2017, 1, 1)), Is.EqualTo((1930L, 18u, 0u)));
        Assert.That(KiwiGnssClock.ToWeekAndTimeOfWeek(Utc(2026, 11, 28, 18, 30)), Is.EqualTo((2446L, 585_018u, 0u)));
    }

    [Test]
    public void Should_turn_a_time_of_week_into_UTC_less_the_leap_seconds_to_the_100_ns_tick()
    {
        var gps = KiwiGnssClock.Resolve(585_018, 123_456_789, Utc(2026, 11, 28, 18, 29, 50));
        Assert.That(KiwiGnssClock.ToUtc(gps), Is.EqualTo(Utc(2026, 11, 28, 18, 30).AddTicks(1_234_568)));
    }

    [Test]
    public void When_the_host_clock_is_just_past_the_week_rollover_a_stamp_from_the_end_of_the_week_Should_belong_to_the_previous_week()
    {
        var rolloverUtc = Utc(2026, 11, 28, 23, 59, 42); // GPS week 2447 begins
        var gps = KiwiGnssClock.Resolve(604_799, 900_000_000, rolloverUtc.AddSeconds(1));
        Assert.That(KiwiGnssClock.ToUtc(gps), Is.EqualTo(rolloverUtc.AddMilliseconds(-100)));
    }

    [Test]
    public void When_the_host_clock_is_just_before_the_week_rollover_a_stamp_from_the_start_of_the_week_Should_belong_to_the_next_week()
    {
        var rolloverUtc = Utc(2026, 11, 28, 23, 59, 42);
        var gps = KiwiGnssClock.Resolve(0, 100_000_000, rolloverUtc.AddSeconds(-1));
        Assert.That(KiwiGnssClock.ToUtc(gps), Is.EqualTo(rolloverUtc.AddMilliseconds(100)));
    }

    [Test]
    public void When_the_host_clock_is_off_by_three_days_the_week_Should_still_be_right()
    {
        var instant = Utc(2026, 11, 25, 12, 0, 0);
        var (_, seconds, nanoseconds) = KiwiGnssClock.ToWeekAndTimeOfWeek(instant);
        Assert.That(KiwiGnssClock.ToUtc(KiwiGnssClock.Resolve(seconds, nanoseconds, instant.AddDays(3.4))), Is.EqualTo(instant));
        Assert.That(KiwiGnssClock.ToUtc(KiwiGnssClock.Resolve(seconds, nanoseconds, instant.AddDays(-3.4))), Is.EqualTo(instant));
    }

    [Test]
    public void When_the_time_of_week_is_out_of_range_Resolve_Should_refuse_it()
    {
        Assert.That(() => KiwiGnssClock.Resolve(604_800, 0, DateTimeOffset.UtcNow), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => KiwiGnssClock.Resolve(0, 1_000_000_000, DateTimeOffset.UtcNow), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
