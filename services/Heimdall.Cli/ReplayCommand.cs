using System.CommandLine;
using Heimdall.Cli.CommandLine;
using Heimdall.Contracts;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall replay ACQUISITION_ID [--receivers 1,2] [--timeout S]</c>: re-analyses an archived acquisition. Publishes a
/// new acquisition whose <c>replayOfAcquisitionId</c> is the original: the Acquirer replays the original's stored
/// recordings (frequency and duration are the original's) through the whole pipeline, and this prints what each
/// receiver gave and the outcome, as <c>demo</c> does, with its exit codes.
/// </summary>
public static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var original = new Argument<Guid>("ACQUISITION_ID") { Description = "The archived acquisition to replay." };
        var receivers = CommonOptions.ReceiverIds("--receivers", "Only these receivers of the original (default: every stored one).");
        var timeout = CommonOptions.Number("--timeout", "Seconds to wait for the outcome.", 120, "S");
        var command = new Command("replay", "Re-analyse an archived acquisition: publish a new acquisition whose receivers replay the original's recordings, and print its outcome.")
        {
            original, receivers, timeout,
        };
        command.SetAction((result, ct) =>
        {
            var request = new AcquisitionRequested
            {
                AcquisitionId = Guid.NewGuid(),
                ReplayOfAcquisitionId = result.GetValue(original),
                FrequencyHz = 0,
                DurationSeconds = 0,
                ReceiverIds = result.GetValue(receivers),
                RequestedBy = "heimdall replay",
            };
            return BusCommand.RunAsync(context, settings => DemoCommand.PublishAndReportAsync(context.Output, settings, request,
                $"a replay of {request.ReplayOfAcquisitionId}", TimeSpan.FromSeconds(result.GetValue(timeout)), null, ct));
        });
        return command;
    }
}
