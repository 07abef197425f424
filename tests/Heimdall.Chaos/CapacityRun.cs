using System.Globalization;
using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>
/// <c>capacity</c>: no faults; the offered rate stepped up (2, 5, 10, 15, 20, 25, 30 acquisitions per second of 7
/// receivers × 1 s in real time, 30 s a step; HEIMDALL_CAPACITY_RATES and HEIMDALL_CAPACITY_STEP_SECONDS override) until
/// a step's backlog grows. Per step: what completed, the backlog, publish-to-completed latency beyond the capture, and
/// the CPU of each process (the services, RabbitMQ, PostgreSQL, s3rver) per second and per acquisition.
/// </summary>
public sealed class CapacityRun(TestStack stack, RabbitMqManagement rabbit, EventLog events, ChaosCluster cluster)
{
    /// <summary>As many acquisitions at once as the Acquirer takes (64): real-time captures of 1 s need ~20 in flight at 20/s.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ServiceSettings = new Dictionary<string, string?>
    {
        ["Acquirer:ConcurrentAcquisitions"] = "64",
    };

    private static readonly (string Name, Func<ChaosCluster, TimeSpan> Cpu)[] Processes =
    [
        ("Acquirer", c => c.CpuTime("Heimdall.Acquirer")),
        ("IqArchiver", c => c.CpuTime("Heimdall.IqArchiver")),
        ("MetricsWriter", c => c.CpuTime("Heimdall.MetricsWriter")),
        ("RabbitMQ", _ => ProcessCpu.Of("beam.smp")),
        ("PostgreSQL", _ => ProcessCpu.Of("postgres")),
        ("s3rver", _ => ProcessCpu.Of("node")),
    ];

    public async Task<int> RunAsync()
    {
        var rates = (Environment.GetEnvironmentVariable("HEIMDALL_CAPACITY_RATES") ?? "2,5,10,15,20,25,30")
            .Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var step = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("HEIMDALL_CAPACITY_STEP_SECONDS") ?? "30", CultureInfo.InvariantCulture));
        Console.WriteLine($"{"offered/s",9} {"done/s",7} {"backlog",8} {"beyond capture p50",19} {"p95",8}   CPU % of one core: " + string.Join(" ", Processes.Select(p => $"{p.Name,13}")));
        foreach (var rate in rates)
        {
            var plan = new ChaosPlan("capacity", (int)Math.Round(rate * step.TotalSeconds), rate, TimeSpan.Zero, Rounds: 0, Poison: 0, DuplicateShare: 0);
            var load = new LoadGenerator(rabbit, stack.VirtualHost, plan);
            var cpuBefore = Processes.Select(p => p.Cpu(cluster)).ToArray();
            await load.RunAsync(() => true, CancellationToken.None);
            await Progress.UntilAllCompletedAsync(load, events, stall: TimeSpan.FromSeconds(60));
            var cpu = Processes.Select((p, i) => p.Cpu(cluster) - cpuBefore[i]).ToArray();

            var completed = CompletedOf(load);
            var window = load.EndedAt - load.StartedAt;
            var doneInWindow = completed.Values.Count(at => at <= load.EndedAt);
            var backlog = load.Requested.Count - doneInWindow; // in flight as the step ended
            var beyond = completed.Select(c => (c.Value - load.RequestedAt[c.Key]).TotalMilliseconds - (LoadGenerator.DurationSeconds * 1000)).Order().ToList();
            var spent = completed.Values.DefaultIfEmpty(load.EndedAt).Max() - load.StartedAt;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{load.Requested.Count / window.TotalSeconds,9:0.0} {doneInWindow / window.TotalSeconds,7:0.0} {backlog,8} {Percentiles.Of(beyond, 0.5),16:0} ms {Percentiles.Of(beyond, 0.95),5:0} ms   {"",19}")
                + string.Join(" ", cpu.Select(c => string.Create(CultureInfo.InvariantCulture, $"{100 * c.TotalSeconds / spent.TotalSeconds,12:0}%"))));
            Console.WriteLine("  CPU ms per acquisition: " + string.Join(", ", Processes.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
                $"{p.Name} {cpu[i].TotalMilliseconds / Math.Max(1, completed.Count):0.0}"))));
            // Steady state keeps about rate × 1.2 s in flight; more than 3 s of arrivals means the pipeline fell behind.
            if (completed.Count < load.Requested.Count || backlog > rate * 3)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Backlog grew at {rate}/s ({backlog} acquisitions in flight as the step ended; {completed.Count} of {load.Requested.Count} completed within 60 s after it): the sustained rate lies below."));
                break;
            }

            await Progress.UntilQueuesDrainedAsync(rabbit, stack.VirtualHost);
        }

        return 0;
    }

    private Dictionary<Guid, DateTime> CompletedOf(LoadGenerator load) => events.Of(EventLog.Completed)
        .Select(e => (e.At, Id: Guid.Parse(e.Message.Get<string>("acquisitionId"))))
        .Where(e => load.RequestedAt.ContainsKey(e.Id))
        .GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.Min(e => e.At));
}
