using System.Globalization;
using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>
/// The run's figures from the timestamps it kept: throughput, recovery after each fault, publish-to-completed latency
/// (all, and of acquisitions no fault touched), CPU per acquisition per service, S3 requests per capture.
/// </summary>
public sealed class Figures(ChaosPlan plan, LoadGenerator load, EventLog events, IReadOnlyList<FaultWindow> faults)
{
    private static readonly TimeSpan CaptureLength = TimeSpan.FromSeconds(LoadGenerator.DurationSeconds);

    /// <summary>When each requested acquisition's first AcquisitionCompleted was sent.</summary>
    private readonly Dictionary<Guid, DateTime> _completedAt = events.Of(EventLog.Completed)
        .GroupBy(e => Guid.Parse(e.Message.Get<string>("acquisitionId")))
        .Where(g => load.RequestedAt.ContainsKey(g.Key))
        .ToDictionary(g => g.Key, g => g.Min(e => e.At));

    public void Print(IReadOnlyDictionary<string, TimeSpan> cpu, S3RequestLog.Counts? s3)
    {
        var completions = _completedAt.Values.Order().ToList();
        var span = (completions.Count > 0 ? completions[^1] : load.EndedAt) - load.StartedAt;
        Console.WriteLine("Figures");
        Line($"load: {load} over {Seconds(load.EndedAt - load.StartedAt)} ({load.Requested.Count / (load.EndedAt - load.StartedAt).TotalSeconds:0.00}/s; planned {plan.RequestsPerSecond:0.00}/s)");
        Line($"completed: {completions.Count} of {load.Requested.Count} in {Seconds(span)} from the first request ({completions.Count / span.TotalSeconds:0.00}/s overall, faults included)");
        Line("recovery after each fault (from the moment it was back): first acquisition completed; backlog cleared (in flight back to at most one more than when the fault began)");
        foreach (var fault in faults)
        {
            var first = completions.FirstOrDefault(c => c >= fault.EndedAt);
            var cleared = BacklogClearedAt(fault, completions);
            var redelivered = fault.Name.StartsWith("kill", StringComparison.Ordinal) ? "   redelivered: " + FaultSchedule.Redeliveries(fault) : "";
            Line($"  {fault.Name,-38} lasted {Seconds(fault.Length),8}   first completion {After(fault.EndedAt, first == default ? null : first),9}   backlog cleared {After(fault.EndedAt, cleared),9}{redelivered}");
        }

        var disturbed = faults.Select(f => (f.StartedAt, Until: BacklogClearedAt(f, completions) ?? DateTime.MaxValue)).ToList();
        var latencies = Latencies(_ => true);
        var undisturbed = Latencies(id => !disturbed.Any(d => InFlightDuring(id, d.StartedAt, d.Until)));
        Line($"publish → AcquisitionCompleted ({Verdict.Receivers} receivers × {CaptureLength.TotalSeconds:0} s): all {Summary(latencies)}");
        Line($"  untouched by any fault: {Summary(undisturbed)}; beyond the capture: {Summary([.. undisturbed.Select(l => l - CaptureLength.TotalMilliseconds)])}");
        Line("CPU per acquisition: " + string.Join(", ", cpu.Select(c => $"{c.Key.Replace("Heimdall.", "", StringComparison.Ordinal)} {c.Value.TotalMilliseconds / Math.Max(1, completions.Count):0.0} ms"))
             + " (every incarnation, restarts included)");
        var captures = completions.Count * Verdict.Receivers;
        Line(s3 is null || captures == 0
            ? "S3 requests per capture: not counted (the stack's S3 server is not s3rver)"
            : $"S3 requests per capture: {(double)s3.Requests / captures:0.00} ({s3.Requests} for {captures} captures: {(double)s3.Puts / captures:0.00} PUT, {(double)s3.BucketRequests / captures:0.00} on the bucket itself), from s3rver's log");
    }

    /// <summary>The first completion after the fault at which the acquisitions in flight are back to their level when it began.</summary>
    private DateTime? BacklogClearedAt(FaultWindow fault, List<DateTime> completions)
    {
        var before = InFlight(fault.StartedAt, completions);
        foreach (var at in completions.Where(c => c >= fault.EndedAt))
        {
            if (InFlight(at, completions) <= before + 1)
            {
                return at;
            }
        }

        return null;
    }

    private int InFlight(DateTime at, List<DateTime> completions) => load.RequestedBefore(at) - completions.Count(c => c <= at);

    /// <summary>Whether the acquisition was in flight at any moment between a fault's start and its backlog clearing.</summary>
    private bool InFlightDuring(Guid id, DateTime from, DateTime until) =>
        load.RequestedAt[id] <= until && _completedAt.GetValueOrDefault(id, DateTime.MaxValue) >= from;

    private List<double> Latencies(Func<Guid, bool> include) =>
        [.. _completedAt.Where(c => include(c.Key)).Select(c => (c.Value - load.RequestedAt[c.Key]).TotalMilliseconds).Order()];

    private static string Summary(List<double> sorted) => sorted.Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {Percentiles.Of(sorted, 0.50):0} ms, p95 {Percentiles.Of(sorted, 0.95):0} ms, max {sorted[^1]:0} ms (n = {sorted.Count})");

    private static string After(DateTime from, DateTime? at) => at is { } t ? "+" + Seconds(t - from) : "never";

    private static string Seconds(TimeSpan span) => FaultSchedule.Seconds(span);

    private static void Line(string text) => Console.WriteLine("  " + text);
}
