using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>What the run is doing, every 15 s; and the waits at its end (every acquisition completed, the queues drained).</summary>
public static class Progress
{
    private static readonly string[] WorkQueues = ["acquisition-requested", "iq-captured", "iq-archived", "acquisition-collection"];
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(LoadGenerator load, EventLog events, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Console.WriteLine($"  [{FaultSchedule.Clock(DateTime.UtcNow)}] requested {load.RequestedBefore(DateTime.MaxValue)}, completed {Completed(events)}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Until every requested acquisition has completed, or none has for <paramref name="stall"/> (five minutes; then the verdict says which).</summary>
    public static async Task UntilAllCompletedAsync(LoadGenerator load, EventLog events, TimeSpan? stall = null)
    {
        var patience = stall ?? Stall;
        var seen = -1;
        var lastChange = DateTime.UtcNow;
        while (true)
        {
            var completed = Completed(events, load.RequestedAt.ContainsKey);
            if (completed >= load.Requested.Count)
            {
                return;
            }

            if (completed != seen)
            {
                (seen, lastChange) = (completed, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - lastChange > patience)
            {
                Console.WriteLine($"  {load.Requested.Count - completed} acquisitions still not completed after {patience.TotalSeconds:0} s without progress");
                return;
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Until the work queues have been empty for three polls in a row (at most two minutes).</summary>
    public static async Task UntilQueuesDrainedAsync(RabbitMqManagement rabbit, string vhost)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var emptyPolls = 0;
        while (emptyPolls < 3 && DateTime.UtcNow < deadline)
        {
            var depths = await rabbit.QueueDepthsAsync(vhost);
            emptyPolls = WorkQueues.All(q => depths.GetValueOrDefault(q) == 0) ? emptyPolls + 1 : 0;
            await Task.Delay(1000);
        }
    }

    private static int Completed(EventLog events, Func<Guid, bool>? requested = null) =>
        events.Of(EventLog.Completed).Select(e => Guid.Parse(e.Message.Get<string>("acquisitionId"))).Distinct().Count(id => requested?.Invoke(id) ?? true);
}
