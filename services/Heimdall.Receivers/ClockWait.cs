namespace Heimdall.Receivers;

/// <summary>
/// Waiting for an instant by a <see cref="TimeProvider"/>. <c>Task.Delay</c> counts whole milliseconds and its timer may
/// fire a little before the clock reads the instant, so one delay can end up to a millisecond early: what is left is
/// waited again until the clock has reached it (a capture must not start, or end, before its time).
/// </summary>
internal static class ClockWait
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>Returns once <paramref name="clock"/> reads <paramref name="instant"/> or later; at once when it already does.</summary>
    public static async Task UntilAsync(this TimeProvider clock, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        for (var left = instant - clock.GetUtcNow(); left > TimeSpan.Zero; left = instant - clock.GetUtcNow())
        {
            await Task.Delay(left < Tick ? Tick : left, clock, cancellationToken);
        }
    }
}
