using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>
/// <c>short</c> and <c>long</c>: the load with duplicates and poison, the faults on their schedule, the wait for every
/// acquisition and every queue, then the figures and the verdict. Returns 0 when every check passed, else 1.
/// </summary>
public static class FaultRun
{
    public static async Task<int> RunAsync(TestStack stack, RabbitMqManagement rabbit, EventLog events, ChaosPlan plan)
    {
        Console.WriteLine($"Chaos run '{plan.Name}': at least {plan.Acquisitions} acquisitions ({Verdict.Receivers} receivers × {LoadGenerator.DurationSeconds} s) at {plan.RequestsPerSecond}/s, "
                          + $"{plan.DuplicateShare:P0} duplicates, {plan.Poison} poison; every fault {plan.Rounds}×, outages of {FaultSchedule.Seconds(plan.Outage)}");
        var s3 = new S3RequestLog(stack.Bucket);
        await using var cluster = await ChaosCluster.StartAsync(stack, FaultSchedule.ServiceSettings);
        Console.WriteLine($"  vhost {stack.VirtualHost}, database {stack.Database.Name}, bucket {stack.Bucket}; service logs in {cluster.LogDirectory}");
        var cpuAtStart = ChaosCluster.Services.ToDictionary(s => s, cluster.CpuTime);
        s3.Mark();

        var load = new LoadGenerator(rabbit, stack.VirtualHost, plan);
        var faults = new FaultSchedule(cluster, rabbit, stack.VirtualHost, load, events, s3, plan);
        using var stop = new CancellationTokenSource();
        var observing = events.RunAsync(stop.Token);
        var progress = Progress.RunAsync(load, events, stop.Token);
        var loading = load.RunAsync(() => faults.Done, stop.Token);
        await faults.RunAsync(DateTime.UtcNow, stop.Token);
        await loading;
        await Progress.UntilAllCompletedAsync(load, events);
        await Progress.UntilQueuesDrainedAsync(rabbit, stack.VirtualHost);
        await stop.CancelAsync();
        await observing;
        await progress;
        await events.DrainAsync();

        var cpu = ChaosCluster.Services.ToDictionary(s => s, s => cluster.CpuTime(s) - cpuAtStart[s]);
        new Figures(plan, load, events, faults.Injected).Print(cpu, s3.SinceMark());

        stack.Database.DataSource.Clear(); // its pooled connections died with the PostgreSQL restart
        var verdict = new Verdict(stack, rabbit, load, events);
        verdict.CheckOutcomes();
        await verdict.CheckStoreAsync();
        await verdict.CheckQueuesAsync();
        Console.WriteLine("Checks");
        foreach (var check in verdict.Checks)
        {
            Console.WriteLine($"  {(check.Passed ? "Passed" : "Failed")} {check.Name}: {check.Detail}");
        }

        var failed = verdict.Checks.Count(c => !c.Passed);
        Console.WriteLine($"{verdict.Checks.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
