namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>The system clock moved by a fixed offset (to put "now" at a GPS week rollover); timers run in real time.</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
