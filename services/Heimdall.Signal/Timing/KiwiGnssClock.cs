namespace Heimdall.Signal.Timing;

/// <summary>
/// The KiwiSDR's GNSS stamps are GPS time of week (whole seconds and nanoseconds since the Saturday/Sunday midnight GPS
/// week boundary), not UTC. This turns them into an absolute instant: the week is the one that puts the stamp nearest to
/// the host clock (so a host clock right within ±3.5 days gives the right week, across a week rollover too), and UTC is
/// GPS time less the leap seconds in force (18 s since 2017-01-01). Instants are carried as nanoseconds since the GPS
/// epoch (1980-01-06T00:00:00Z) on the GPS time scale, so no precision is lost before the conversion to UTC.
/// </summary>
public static class KiwiGnssClock
{
    public static readonly DateTime GpsEpoch = new(1980, 1, 6, 0, 0, 0, DateTimeKind.Utc);
    public const long SecondsPerWeek = 604_800;
    public const long NanosecondsPerSecond = 1_000_000_000;
    public const long NanosecondsPerWeek = SecondsPerWeek * NanosecondsPerSecond;

    /// <summary>
    /// GPS − UTC in seconds from each UTC instant on (IERS Bulletin C; none announced after 2017-01-01). A leap second
    /// announced later must be added here: until then every stamp after it would be one second off.
    /// </summary>
    private static readonly (DateTime FromUtc, int GpsMinusUtc)[] LeapSeconds =
    [
        (new(1981, 7, 1, 0, 0, 0, DateTimeKind.Utc), 1),
        (new(1982, 7, 1, 0, 0, 0, DateTimeKind.Utc), 2),
        (new(1983, 7, 1, 0, 0, 0, DateTimeKind.Utc), 3),
        (new(1985, 7, 1, 0, 0, 0, DateTimeKind.Utc), 4),
        (new(1988, 1, 1, 0, 0, 0, DateTimeKind.Utc), 5),
        (new(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc), 6),
        (new(1991, 1, 1, 0, 0, 0, DateTimeKind.Utc), 7),
        (new(1992, 7, 1, 0, 0, 0, DateTimeKind.Utc), 8),
        (new(1993, 7, 1, 0, 0, 0, DateTimeKind.Utc), 9),
        (new(1994, 7, 1, 0, 0, 0, DateTimeKind.Utc), 10),
        (new(1996, 1, 1, 0, 0, 0, DateTimeKind.Utc), 11),
        (new(1997, 7, 1, 0, 0, 0, DateTimeKind.Utc), 12),
        (new(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc), 13),
        (new(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc), 14),
        (new(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc), 15),
        (new(2012, 7, 1, 0, 0, 0, DateTimeKind.Utc), 16),
        (new(2015, 7, 1, 0, 0, 0, DateTimeKind.Utc), 17),
        (new(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc), 18),
    ];

    /// <summary>GPS − UTC, seconds, at a UTC instant.</summary>
    public static int GpsMinusUtcSeconds(DateTimeOffset utc)
    {
        for (var i = LeapSeconds.Length - 1; i >= 0; i--)
        {
            if (utc.UtcDateTime >= LeapSeconds[i].FromUtc)
            {
                return LeapSeconds[i].GpsMinusUtc;
            }
        }

        return 0;
    }

    /// <summary>GPS − UTC, seconds, at an instant given on the GPS time scale (nanoseconds since the GPS epoch).</summary>
    public static int GpsMinusUtcSecondsAtGps(long gpsNanoseconds)
    {
        for (var i = LeapSeconds.Length - 1; i >= 0; i--)
        {
            var (fromUtc, offset) = LeapSeconds[i];
            if (gpsNanoseconds >= ((fromUtc - GpsEpoch).Ticks * 100) + (offset * NanosecondsPerSecond))
            {
                return offset;
            }
        }

        return 0;
    }

    /// <summary>A UTC instant on the GPS time scale, nanoseconds since the GPS epoch.</summary>
    public static long ToGpsNanoseconds(DateTimeOffset utc) =>
        ((utc.UtcDateTime - GpsEpoch).Ticks * 100) + (GpsMinusUtcSeconds(utc) * NanosecondsPerSecond);

    /// <summary>An instant on the GPS time scale as UTC, rounded to the nearest 100 ns tick.</summary>
    public static DateTimeOffset ToUtc(long gpsNanoseconds)
    {
        var utcNanoseconds = gpsNanoseconds - (GpsMinusUtcSecondsAtGps(gpsNanoseconds) * NanosecondsPerSecond);
        return new DateTimeOffset(GpsEpoch.Ticks + (long)Math.Round(utcNanoseconds / 100.0, MidpointRounding.AwayFromZero), TimeSpan.Zero);
    }

    /// <summary>
    /// A time of week (<paramref name="secondsOfWeek"/> &lt; 604800, <paramref name="nanoseconds"/> &lt; 10⁹) as nanoseconds
    /// since the GPS epoch, in the week that puts it nearest to <paramref name="hostUtc"/>.
    /// </summary>
    public static long Resolve(uint secondsOfWeek, uint nanoseconds, DateTimeOffset hostUtc)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(secondsOfWeek, (uint)SecondsPerWeek);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, (uint)NanosecondsPerSecond);
        var host = ToGpsNanoseconds(hostUtc);
        var week = Math.DivRem(host, NanosecondsPerWeek, out _);
        var candidate = (week * NanosecondsPerWeek) + (secondsOfWeek * NanosecondsPerSecond) + nanoseconds;
        if (candidate - host > NanosecondsPerWeek / 2)
        {
            candidate -= NanosecondsPerWeek;
        }
        else if (host - candidate > NanosecondsPerWeek / 2)
        {
            candidate += NanosecondsPerWeek;
        }

        return candidate;
    }

    /// <summary>The GPS week number and the time of week (seconds, nanoseconds) of a UTC instant.</summary>
    public static (long Week, uint SecondsOfWeek, uint Nanoseconds) ToWeekAndTimeOfWeek(DateTimeOffset utc)
    {
        var week = Math.DivRem(ToGpsNanoseconds(utc), NanosecondsPerWeek, out var inWeek);
        return (week, (uint)(inWeek / NanosecondsPerSecond), (uint)(inWeek % NanosecondsPerSecond));
    }
}
