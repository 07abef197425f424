using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Heimdall.Cli.CommandLine;
using Heimdall.Contracts;

namespace Heimdall.Cli;

/// <summary>
/// Load command. Phase 1: N acquisitions one after the other, publish-to-AcquisitionCompleted latency (median, p95).
/// Phase 2: for a fixed window, keep a number of acquisitions in flight and count completions (sustained rate).
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var count = CommonOptions.Number("--count", "Acquisitions one at a time (latency phase).", 20, "N");
        var duration = CommonOptions.Number("--duration", "Capture length in seconds.", 1, "S");
        var frequency = CommonOptions.Number("--frequency", "Centre frequency in Hz.", 145_500_000, "HZ");
        var sustained = CommonOptions.Number("--sustained-seconds", "Length of the sustained phase.", 60, "S");
        var inFlight = CommonOptions.Number("--in-flight", "Acquisitions kept in flight in the sustained phase.", 8, "N");
        var command = new Command("bench", "Publish-to-AcquisitionCompleted latency, then the sustained rate (RabbitMq__* from the environment).")
        {
            count, duration, frequency, sustained, inFlight,
        };
        command.SetAction((result, ct) => BusCommand.RunAsync(context, settings => RunAsync(
            settings, (int)result.GetValue(count), result.GetValue(duration), result.GetValue(frequency),
            TimeSpan.FromSeconds(result.GetValue(sustained)), (int)result.GetValue(inFlight), ct)));
        return command;
    }

    private static async Task<int> RunAsync(CliSettings settings, int count, double duration, double frequency, TimeSpan window, int inFlight, CancellationToken cancellationToken)
    {

        await using var client = await AcquisitionClient.ConnectAsync(settings.RabbitMq, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Latency: {count} acquisitions of {duration} s on every receiver, one at a time"));
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var (ms, status) = await RunOneAsync(client, frequency, duration, cancellationToken);
            latencies.Add(ms);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i + 1,3}/{count}: {ms,8:0.0} ms ({status})"));
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Latency publish→AcquisitionCompleted: median {Percentile(latencies, 0.50):0.0} ms, p95 {Percentile(latencies, 0.95):0.0} ms, min {latencies[0]:0.0} ms, max {latencies[^1]:0.0} ms (n={count})"));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sustained: {inFlight} acquisitions in flight for {window.TotalSeconds:0} s"));
        var completed = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed < window)
            {
                var (_, status) = await RunOneAsync(client, frequency, duration, cancellationToken);
                if (clock.Elapsed > window)
                {
                    break;
                }

                Interlocked.Increment(ref status == AcquisitionStatus.Completed ? ref completed : ref failed);
            }
        });
        await Task.WhenAll(workers);
        var total = completed + failed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sustained rate: {total} acquisitions completed in {window.TotalSeconds:0} s = {total / window.TotalSeconds * 60:0.0}/min ({total / window.TotalSeconds:0.00}/s; {completed} completed, {failed} partial or failed; 7 receivers each)"));
        return 0;
    }

    private static async Task<(double Ms, string Status)> RunOneAsync(AcquisitionClient client, double frequency, double duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = await client.PublishAsync(new AcquisitionRequested
        {
            AcquisitionId = Guid.NewGuid(),
            FrequencyHz = frequency,
            DurationSeconds = duration,
            RequestedBy = "heimdall bench",
        }, cancellationToken);
        var outcome = await pending.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        return (clock.Elapsed.TotalMilliseconds, outcome.Completed?.Status ?? "rejected: " + string.Join(" ", outcome.Rejected!.Reasons));
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
