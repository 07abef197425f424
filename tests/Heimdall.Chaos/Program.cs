using Heimdall.Chaos;
using Heimdall.Testing;

// ./heimdall chaos [short|long|capacity]: the three services as processes on the local stack (a fresh vhost, database
// and bucket). short and long: load with duplicates and poison, faults on a schedule, then the verdict; they restart
// RabbitMQ, PostgreSQL and S3 of the local stack, so nothing else may be using it meanwhile. capacity: no faults, the
// rate stepped up. Exit 0 when every check passed, 1 when one failed, 2 on a bad argument.
var mode = args.Length > 0 ? args[0] : "short";
ChaosPlan? plan = null;
try
{
    plan = mode == "capacity" ? null : ChaosPlan.For(mode);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"heimdall chaos: {ex.Message} (or capacity)");
    return 2;
}

await using var stack = await TestStack.CreateAsync(withVirtualHost: true);
using var rabbit = new RabbitMqManagement(stack.Endpoints);
using var events = new EventLog(rabbit, stack.VirtualHost);
await events.BindAsync();
if (plan is not null)
{
    return await FaultRun.RunAsync(stack, rabbit, events, plan);
}

await using var cluster = await ChaosCluster.StartAsync(stack, CapacityRun.ServiceSettings);
using var stop = new CancellationTokenSource();
var observing = events.RunAsync(stop.Token);
var result = await new CapacityRun(stack, rabbit, events, cluster).RunAsync();
await stop.CancelAsync();
await observing;
return result;
