using System.Globalization;
using System.Text.Json;
using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>
/// Publishes the load as an upstream system would, through the management HTTP API (raw JSON): each acquisition once,
/// a share of them again (duplicates), and poison (unreadable or id-less messages). A publish that fails because the
/// broker is away is tried again until it goes through, so every acquisition counted as requested reached the broker.
/// Publishes at least the plan's number of acquisitions, and goes on while the faults are still being injected.
/// </summary>
public sealed class LoadGenerator(RabbitMqManagement rabbit, string vhost, ChaosPlan plan)
{
    public const string RequestExchange = "Heimdall.Contracts:AcquisitionRequested";
    private static readonly string[] PoisonPayloads = ["this is not JSON", """{"acquisitionId": 42, "frequencyHz": "high"}""", """{"frequencyHz": 145500000, "durationSeconds": 1}"""];

    /// <summary>Every acquisition's capture length, on all receivers.</summary>
    public const double DurationSeconds = 1;

    public List<Guid> Requested { get; } = [];

    /// <summary>When the broker accepted each acquisition's first request (a duplicate is not timed again).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTime> RequestedAt { get; } = [];

    /// <summary>When the latest acquisition was accepted by the broker.</summary>
    public DateTime LastPublishedAt { get; private set; }

    /// <summary>Publishing started and ended.</summary>
    public DateTime StartedAt { get; private set; }
    public DateTime EndedAt { get; private set; }
    public int DuplicatesSent { get; private set; }
    public int PoisonSent => PoisonPublished.Count;

    /// <summary>The poison payloads, as published (what the Acquirer's error queue must hold, and nothing else).</summary>
    public List<string> PoisonPublished { get; } = [];

    public async Task RunAsync(Func<bool> faultsDone, CancellationToken cancellationToken)
    {
        StartedAt = DateTime.UtcNow;
        var random = new Random(7);
        var interval = TimeSpan.FromSeconds(1 / plan.RequestsPerSecond);
        var poisonEvery = Math.Max(1, plan.Acquisitions / Math.Max(1, plan.Poison));
        var next = DateTime.UtcNow;
        for (var i = 0; i < plan.Acquisitions || !faultsDone(); i++)
        {
            var id = Guid.NewGuid();
            await PublishAsync(Request(id), cancellationToken);
            var at = DateTime.UtcNow; // accepted by the broker (later than planned while it is away)
            lock (Requested)
            {
                Requested.Add(id);
                RequestedAt[id] = at;
            }

            LastPublishedAt = at;

            if (random.NextDouble() < plan.DuplicateShare)
            {
                await PublishAsync(Request(Requested[random.Next(Requested.Count)]), cancellationToken);
                DuplicatesSent++;
            }

            if (i % poisonEvery == poisonEvery / 2 && PoisonSent < plan.Poison)
            {
                var poison = PoisonPayloads[PoisonSent % PoisonPayloads.Length];
                await PublishAsync(poison, cancellationToken);
                PoisonPublished.Add(poison);
            }

            next += interval;
            if (next > DateTime.UtcNow)
            {
                await Task.Delay(next - DateTime.UtcNow, cancellationToken);
            }
        }

        EndedAt = DateTime.UtcNow;
    }

    /// <summary>Acquisitions published before <paramref name="at"/>.</summary>
    public int RequestedBefore(DateTime at)
    {
        lock (Requested)
        {
            return RequestedAt.Values.Count(t => t < at);
        }
    }

    private static string Request(Guid id) => JsonSerializer.Serialize(new
    {
        acquisitionId = id,
        frequencyHz = 145_500_000,
        durationSeconds = DurationSeconds,
        requestedBy = "heimdall chaos",
    });

    private async Task PublishAsync(string payload, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await rabbit.PublishAsync(vhost, RequestExchange, payload))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The broker (and its management API) is restarting.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Requested.Count} acquisitions requested, {DuplicatesSent} duplicates, {PoisonSent} poison messages");
}
