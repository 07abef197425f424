using Heimdall.Testing;
using System.Globalization;

namespace Heimdall.Chaos;

/// <summary>
/// One injected fault, from when it began until the service or the component was back (ready); for a kill, the
/// messages the broker delivered again afterwards, by queue (what the killed process had taken and not acknowledged).
/// </summary>
public sealed record FaultWindow(string Name, DateTime StartedAt, DateTime EndedAt)
{
    public IReadOnlyDictionary<string, long> Redelivered { get; set; } = new Dictionary<string, long>();

    public TimeSpan Length => EndedAt - StartedAt;
}

/// <summary>
/// The faults, in this order in every round: <c>kill -9</c> of the Acquirer while it captures (half a capture after a
/// request's publication), of the IqArchiver while it archives (the moment s3rver logs a recording's data stored,
/// before its meta), of the MetricsWriter in the middle of a batch (a quarter of its batch window after a recording's
/// meta is stored: its IqArchived is published right after); then RabbitMQ, PostgreSQL and
/// S3 each stopped for the plan's outage and started again. Fault k of n begins no earlier than k/(n+1) of the way through the planned load,
/// and only once an acquisition has completed after the previous fault ended (each fault meets a working pipeline).
/// </summary>
public sealed class FaultSchedule(
    ChaosCluster cluster, RabbitMqManagement rabbit, string vhost, LoadGenerator load, EventLog events, S3RequestLog s3, ChaosPlan plan)
{
    /// <summary>The broker's queue statistics are collected every 5 s.</summary>
    private static readonly TimeSpan StatisticsLag = TimeSpan.FromSeconds(6);

    private static readonly TimeSpan Capture = TimeSpan.FromSeconds(LoadGenerator.DurationSeconds);

    /// <summary>How long the MetricsWriter's batches collect in this run (<see cref="ChaosCluster"/>).</summary>
    private static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan KilledFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The services' settings for a fault run: an acquisition's deadline 180 s after its captures are due, checked
    /// every 5 s; the MetricsWriter's batches collecting for up to 1 s (100 ms by default), so that it is nearly always
    /// holding one, unacknowledged, when it is killed (the run's latency figures include that wait).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> ServiceSettings = new Dictionary<string, string?>
    {
        ["MetricsWriter:CompletionGraceSeconds"] = "180",
        ["MetricsWriter:DeadlineCheckIntervalSeconds"] = "5",
        ["MetricsWriter:BatchTimeLimitMs"] = "1000",
    };

    public List<FaultWindow> Injected { get; } = [];

    /// <summary>Every fault injected and the pipeline seen completing acquisitions after the last one.</summary>
    public bool Done { get; private set; }

    /// <summary>Each fault injects itself and says when it began (a kill waits for its moment first).</summary>
    private (string Name, Func<Task<DateTime>> Inject)[] Faults() =>
    [
        ("kill -9 Acquirer while capturing", () => KillAfterPublicationAsync("Heimdall.Acquirer", _ => Capture / 2)),
        ("kill -9 IqArchiver while archiving", () => KillOnStoredAsync(
            "Heimdall.IqArchiver", ".sigmf-data", TimeSpan.Zero, latency => latency - BatchWindow - TimeSpan.FromMilliseconds(150))),
        ("kill -9 MetricsWriter mid-batch", () => KillOnStoredAsync(
            "Heimdall.MetricsWriter", ".sigmf-meta", BatchWindow / 4, latency => latency - (BatchWindow / 2))),
        ($"RabbitMQ down {Seconds(plan.Outage)}", BrokerOutageAsync),
        ($"PostgreSQL down {Seconds(plan.Outage)}", () => OutageAsync("postgres")),
        ($"S3 down {Seconds(plan.Outage)}", () => OutageAsync("s3")),
    ];

    public async Task RunAsync(DateTime loadStartedAt, CancellationToken cancellationToken)
    {
        try
        {
            var faults = Enumerable.Range(0, plan.Rounds).SelectMany(_ => Faults()).ToArray();
            var previousEnd = loadStartedAt;
            for (var k = 0; k < faults.Length; k++)
            {
                var notBefore = loadStartedAt + (plan.LoadDuration * (k + 1) / (faults.Length + 1));
                if (notBefore > DateTime.UtcNow)
                {
                    await Task.Delay(notBefore - DateTime.UtcNow, cancellationToken);
                }

                await CompletionAfterAsync(previousEnd, cancellationToken);
                var (name, inject) = faults[k];
                Console.WriteLine($"  [{Clock(DateTime.UtcNow)}] fault {k + 1}/{faults.Length}: {name}");
                var redeliveredBefore = await rabbit.RedeliveriesAsync(vhost);
                var started = await inject();
                previousEnd = DateTime.UtcNow;
                var fault = new FaultWindow(name, started, previousEnd);
                Injected.Add(fault);
                Console.WriteLine($"  [{Clock(previousEnd)}]   back after {Seconds(previousEnd - started)}");
                if (name.StartsWith("kill", StringComparison.Ordinal))
                {
                    await CompletionAfterAsync(previousEnd, cancellationToken);
                    await Task.Delay(StatisticsLag, cancellationToken);
                    var after = await rabbit.RedeliveriesAsync(vhost);
                    fault.Redelivered = after.Where(q => q.Value > redeliveredBefore.GetValueOrDefault(q.Key))
                        .ToDictionary(q => q.Key, q => q.Value - redeliveredBefore.GetValueOrDefault(q.Key));
                    Console.WriteLine($"             redelivered: {Redeliveries(fault)}");
                }
            }

            await CompletionAfterAsync(previousEnd, cancellationToken);
        }
        finally
        {
            Done = true;
        }
    }

    /// <summary>
    /// Kills the service when the next request's work is in its hands, and starts it again: <paramref name="after"/>
    /// its publication, given the recent publish-to-completed latency (the IqArchiver has the captures a little before
    /// the MetricsWriter's batch opens; the batch is written, and the acquisition completed, as it closes). The queues'
    /// redelivery counts show what it was holding.
    /// </summary>
    private async Task<DateTime> KillAfterPublicationAsync(string service, Func<TimeSpan, TimeSpan> after)
    {
        var latency = RecentLatency();
        var published = load.LastPublishedAt;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (load.LastPublishedAt == published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        var at = load.LastPublishedAt + after(latency);
        if (at > DateTime.UtcNow)
        {
            await Task.Delay(at - DateTime.UtcNow);
        }

        var killed = DateTime.UtcNow;
        await cluster.KillAndRestartAsync(service, KilledFor);
        return killed;
    }

    /// <summary>
    /// Kills the service <paramref name="after"/> s3rver logs an object whose key ends with <paramref name="keySuffix"/>
    /// as stored, and starts it again. A recording's data stored: its meta is not written yet, so that capture (and what
    /// else the IqArchiver has prefetched) is in the archiver's hands, unacknowledged. A meta stored: its IqArchived is
    /// published right after and waits in the MetricsWriter's open batch. Kills timed from the latency alone often fell
    /// between captures or batches (the archiver's work on an acquisition lasts about 100 ms). Without s3rver's log, or
    /// when nothing is stored within 30 s, <paramref name="fallback"/> times it from the next publication.
    /// </summary>
    private async Task<DateTime> KillOnStoredAsync(string service, string keySuffix, TimeSpan after, Func<TimeSpan, TimeSpan> fallback)
    {
        if (!await s3.NextStoredAsync(keySuffix, TimeSpan.FromSeconds(30)))
        {
            return await KillAfterPublicationAsync(service, fallback);
        }

        if (after > TimeSpan.Zero)
        {
            await Task.Delay(after);
        }

        var killed = DateTime.UtcNow;
        await cluster.KillAndRestartAsync(service, KilledFor);
        return killed;
    }

    /// <summary>The median publish-to-completed latency of the last ten acquisitions completed.</summary>
    private TimeSpan RecentLatency()
    {
        var recent = events.Of(EventLog.Completed)
            .Select(e => (e.At, Id: Guid.Parse(e.Message.Get<string>("acquisitionId"))))
            .Where(e => load.RequestedAt.ContainsKey(e.Id))
            .TakeLast(10).Select(e => e.At - load.RequestedAt[e.Id]).Order().ToList();
        return recent.Count == 0 ? Capture + BatchWindow : recent[recent.Count / 2];
    }

    private async Task<DateTime> OutageAsync(string component)
    {
        var started = DateTime.UtcNow;
        await ChaosCluster.OutageAsync(component, plan.Outage);
        return started;
    }

    private async Task<DateTime> BrokerOutageAsync()
    {
        await events.PauseAsync();
        try
        {
            return await OutageAsync("rabbitmq");
        }
        finally
        {
            events.Resume();
        }
    }

    /// <summary>Until an AcquisitionCompleted sent after <paramref name="after"/> is seen (at most five minutes).</summary>
    private async Task CompletionAfterAsync(DateTime after, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RecoveryWait;
        while (!events.Of(EventLog.Completed).Any(e => e.At >= after))
        {
            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine($"  no acquisition completed within {RecoveryWait.TotalMinutes:0} min of {Clock(after)}; going on");
                return;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    public static string Redeliveries(FaultWindow fault) =>
        fault.Redelivered.Count == 0 ? "none" : string.Join(", ", fault.Redelivered.Select(q => $"{q.Value} on {q.Key}"));

    public static string Clock(DateTime at) => at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
