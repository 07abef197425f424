namespace Heimdall.Api.Tests;

/// <summary>A clock that stays where it is set, so "hours back" windows are exact.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
