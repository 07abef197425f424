using System.Diagnostics;
using System.Globalization;
using Heimdall.Contracts;

namespace Heimdall.Cli;

/// <summary>
/// Publishes one acquisition, waits for its outcome and prints what each receiver gave: SNR, frequency offset, power
/// and the archived object, from the events of the pipeline (IqArchived, ReceiverCaptureFailed).
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(CliSettings settings, CliArguments arguments, CancellationToken cancellationToken)
    {
        var request = new AcquisitionRequested
        {
            AcquisitionId = Guid.NewGuid(),
            FrequencyHz = arguments.Number("frequency", 145_500_000),
            DurationSeconds = arguments.Number("duration", 1),
            ReceiverIds = arguments.Ints("receivers"),
            RequestedBy = "heimdall demo",
        };
        var timeout = TimeSpan.FromSeconds(arguments.Number("timeout", 120));

        await using var client = await AcquisitionClient.ConnectAsync(settings.RabbitMq, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Publishing acquisition {request.AcquisitionId}: {request.FrequencyHz / 1e6:0.000###} MHz for {request.DurationSeconds} s on {(request.ReceiverIds is { Length: > 0 } ids ? "receivers " + string.Join(",", ids) : "every receiver that covers it")}"));
        var clock = Stopwatch.StartNew();
        var pending = await client.PublishAsync(request, cancellationToken);
        var outcome = await pending.WaitAsync(timeout, cancellationToken);
        clock.Stop();

        if (outcome.Rejected is { } rejected)
        {
            Console.WriteLine("Rejected:");
            foreach (var reason in rejected.Reasons)
            {
                Console.WriteLine("  - " + reason);
            }

            return 2;
        }

        var completed = outcome.Completed!;
        PrintTable(outcome);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{completed.Status}: {completed.ReceiversStored} stored, {completed.ReceiversFailed} failed; {clock.Elapsed.TotalSeconds:0.00} s from publish to AcquisitionCompleted ({completed.ElapsedMs} ms inside the pipeline)."));
        return completed.Status == AcquisitionStatus.Failed ? 1 : 0;
    }

    private static void PrintTable(AcquisitionOutcome outcome)
    {
        var rows = outcome.Archived.DistinctBy(a => a.ReceiverId).Select(a => (a.ReceiverId, Line: string.Create(CultureInfo.InvariantCulture,
                $"{a.ReceiverId,3}  {a.Receiver?.Name ?? "",-18} {Number(a.Metrics.SnrDb, "no signal"),9} {Number(a.Metrics.FrequencyOffsetHz, "-"),10} {a.Metrics.PowerDbfs,8:0.00} {Number(a.Metrics.PowerDbm, "-"),8}  {a.IqUri}")))
            .Concat(outcome.Failed.Select(f => (f.ReceiverId, Line: $"{f.ReceiverId,3}  FAILED after {f.Attempts} attempts: {f.Reason}")))
            .OrderBy(r => r.ReceiverId);

        Console.WriteLine();
        Console.WriteLine($"{"id",3}  {"receiver",-18} {"SNR dB",9} {"offset Hz",10} {"dBFS",8} {"dBm",8}  object");
        foreach (var (_, line) in rows)
        {
            Console.WriteLine(line);
        }
    }

    private static string Number(double? value, string absent) =>
        value is { } number ? number.ToString("0.00", CultureInfo.InvariantCulture) : absent;
}
