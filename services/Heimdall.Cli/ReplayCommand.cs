using System.Diagnostics;
using System.Globalization;
using Heimdall.Contracts;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall replay ACQUISITION_ID [--receivers 1,2] [--timeout S]</c>: re-analyses an archived acquisition. Publishes a
/// new acquisition whose <c>replayOfAcquisitionId</c> is the original: the Acquirer replays the original's stored
/// recordings (frequency and duration are the original's) through the whole pipeline, and this prints what each
/// receiver gave, as <c>demo</c> does. Exit codes: 0 completed or partial, 1 failed or an error, 2 rejected or a wrong
/// command line.
/// </summary>
public static class ReplayCommand
{
    public const string Usage = "heimdall replay ACQUISITION_ID [--receivers 1,2,3] [--timeout S]";

    public static async Task<int> RunAsync(CliSettings settings, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Guid.TryParse(args[0], out var original))
        {
            await Console.Error.WriteLineAsync($"error: replay needs the id of an archived acquisition (got {(args.Count == 0 ? "nothing" : $"'{args[0]}'")}).\nusage: {Usage}");
            return 2;
        }

        var arguments = new CliArguments([.. args.Skip(1)]);
        var request = new AcquisitionRequested
        {
            AcquisitionId = Guid.NewGuid(),
            ReplayOfAcquisitionId = original,
            FrequencyHz = 0,
            DurationSeconds = 0,
            ReceiverIds = arguments.Ints("receivers"),
            RequestedBy = "heimdall replay",
        };
        var timeout = TimeSpan.FromSeconds(arguments.Number("timeout", 120));

        await using var client = await AcquisitionClient.ConnectAsync(settings.RabbitMq, cancellationToken);
        Console.WriteLine($"Publishing acquisition {request.AcquisitionId}: a replay of {original}");
        var clock = Stopwatch.StartNew();
        var outcome = await (await client.PublishAsync(request, cancellationToken)).WaitAsync(timeout, cancellationToken);
        if (outcome.Rejected is { } rejected)
        {
            Console.WriteLine("Rejected:");
            foreach (var reason in rejected.Reasons)
            {
                Console.WriteLine("  - " + reason);
            }

            return 2;
        }

        Console.WriteLine();
        Console.WriteLine($"{"id",3}  {"receiver",-18} {"SNR dB",9} {"offset Hz",10} {"dBFS",8}  object");
        foreach (var archived in outcome.Archived.DistinctBy(a => a.ReceiverId).OrderBy(a => a.ReceiverId))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{archived.ReceiverId,3}  {archived.Receiver?.Name ?? "",-18} {Number(archived.Metrics.SnrDb),9} {Number(archived.Metrics.FrequencyOffsetHz),10} {archived.Metrics.PowerDbfs,8:0.00}  {archived.IqUri}"));
        }

        foreach (var failed in outcome.Failed.OrderBy(f => f.ReceiverId))
        {
            Console.WriteLine($"{failed.ReceiverId,3}  FAILED after {failed.Attempts} attempts: {failed.Reason}");
        }

        var completed = outcome.Completed!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{completed.Status}: {completed.ReceiversStored} stored, {completed.ReceiversFailed} failed; {clock.Elapsed.TotalSeconds:0.00} s from publish to AcquisitionCompleted."));
        return completed.Status == AcquisitionStatus.Failed ? 1 : 0;
    }

    private static string Number(double? value) => value is { } number ? number.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
