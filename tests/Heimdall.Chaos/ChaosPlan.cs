using System.Globalization;

namespace Heimdall.Chaos;

/// <summary>
/// How big a run is: <c>short</c> (what `./heimdall test` runs: every kind of fault once, outages of 10 s) or
/// <c>long</c> (on demand: 2 000 acquisitions, every fault twice, outages of 60 s). Environment variables override:
/// HEIMDALL_CHAOS_ACQUISITIONS, HEIMDALL_CHAOS_OUTAGE_SECONDS, HEIMDALL_CHAOS_RATE (requests per second).
/// </summary>
public sealed record ChaosPlan(string Name, int Acquisitions, double RequestsPerSecond, TimeSpan Outage, int Rounds, int Poison, double DuplicateShare)
{
    public static ChaosPlan For(string mode)
    {
        var plan = mode switch
        {
            "short" => new ChaosPlan("short", 60, 1.0, TimeSpan.FromSeconds(10), Rounds: 1, Poison: 3, DuplicateShare: 0.1),
            "long" => new ChaosPlan("long", 2_000, 1.5, TimeSpan.FromSeconds(60), Rounds: 2, Poison: 10, DuplicateShare: 0.1),
            _ => throw new ArgumentException($"mode must be short or long, not '{mode}'"),
        };
        return plan with
        {
            Acquisitions = Number("HEIMDALL_CHAOS_ACQUISITIONS") is { } n ? (int)n : plan.Acquisitions,
            Outage = Number("HEIMDALL_CHAOS_OUTAGE_SECONDS") is { } s ? TimeSpan.FromSeconds(s) : plan.Outage,
            RequestsPerSecond = Number("HEIMDALL_CHAOS_RATE") ?? plan.RequestsPerSecond,
        };
    }

    /// <summary>How long publishing the load takes; the faults are spread over it.</summary>
    public TimeSpan LoadDuration => TimeSpan.FromSeconds(Acquisitions / RequestsPerSecond);

    private static double? Number(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;
}
