namespace Heimdall.Domain.Receivers;

/// <summary>One probe of a receiver: could it be reached, how fast, and what it said of itself.</summary>
public sealed record ReceiverHealth
{
    public required DateTimeOffset ProbedAt { get; init; }
    public required bool Reachable { get; init; }
    public double? LatencyMs { get; init; }
    public int? Users { get; init; }
    public int? UsersMax { get; init; }

    /// <summary>GNSS state in the receiver's words (e.g. <c>gps_good=7, fixes=1234</c>); null for kinds without GNSS.</summary>
    public string? Gnss { get; init; }

    public string? Version { get; init; }

    /// <summary>One sentence: what was checked and what came back (or why it failed).</summary>
    public required string Detail { get; init; }
}
