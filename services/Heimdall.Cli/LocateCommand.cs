using System.CommandLine;
using Heimdall.Cli.CommandLine;
using Heimdall.Localisation;
using Heimdall.Localisation.Output;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall locate PATH...</c>: reads GNSS-timed recordings from disk (kiwi-wav, SigMF), locates the transmitter
/// with <see cref="Locator"/> and prints a summary, or the estimate as JSON with <c>--json</c>; <c>--geojson</c>,
/// <c>--kml</c> and <c>--heat-map</c> also write files. Exit codes: 0 located (or a hyperbola from two receivers), 1 no
/// location or a file problem (one <c>error:</c> line naming it), 2 usage, 130 cancelled.
/// </summary>
public static class LocateCommand
{
    /// <summary><c>heimdall locate</c>.</summary>
    public static Command Create(CliContext context)
    {
        var symbols = new LocateArguments.Symbols();
        var command = new Command("locate", "Locate a transmitter from GNSS-timed recordings of it on disk (kiwi-wav or SigMF; needs no services).");
        symbols.AddTo(command);
        command.SetAction((result, ct) => RunAsync(context, symbols.Read(result), ct));
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (the words after <c>locate</c>) and runs the command.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var command = Create(context);
        return HeimdallCommandLine.InvokeAsync(command.Parse(args), context, cancellationToken);
    }

    private static async Task<int> RunAsync(CliContext context, LocateArguments arguments, CancellationToken cancellationToken)
    {
        var error = context.Error;
        try
        {
            if (arguments.AcquisitionId is { } id)
            {
                throw new CommandFailedException(
                    $"locating acquisition {id} through the API is not available yet: fetch its recordings with 'heimdall recording get {id} RECEIVER -o DIR' and locate the files");
            }

            var progress = context.ErrorIsTerminal ? new Progress<string>(step => error.WriteLine(step + "…")) : null;
            var captures = await LocateInputs.ReadAsync(arguments, progress, cancellationToken);
            foreach (var name in LocateInputs.WithoutPosition(captures))
            {
                await error.WriteLineAsync($"warning: no position for {name}: give it with --position {name}=LAT,LON");
            }

            var options = LocatorOptions.Default with
            {
                Propagation = arguments.Propagation,
                PropagationSigmaSeconds = arguments.PropagationSigmaSeconds,
                AltitudeM = arguments.AltitudeM,
                AltitudeSigmaM = arguments.AltitudeSigmaM,
            };
            ((IProgress<string>?)progress)?.Report($"locating from {captures.Count} recordings");
            var estimate = await Task.Run(() => Locator.Locate(captures, options), cancellationToken);
            await WriteFilesAsync(arguments, estimate, cancellationToken);
            await context.Output.WriteLineAsync(arguments.Json ? LocationJson.Serialize(estimate) : LocationSummary.Format(estimate));
            await context.Output.FlushAsync(cancellationToken);
            if (estimate.Status == LocationStatus.NotLocated)
            {
                await error.WriteLineAsync("error: not located: " + estimate.Reason);
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        }
        catch (CommandFailedException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message.ReplaceLineEndings(" "));
            return ExitCodes.Failed;
        }
    }

    private static async Task WriteFilesAsync(LocateArguments arguments, LocationEstimate estimate, CancellationToken cancellationToken)
    {
        var outputs = new List<(string? Path, Func<string> Text)>
        {
            (arguments.GeoJsonPath, () => GeoJsonWriter.Write(estimate)),
            (arguments.KmlPath, () => KmlWriter.Write(estimate, "Heimdall location")),
            (arguments.HeatMapPath, () => estimate.HeatMap is { } map ? LocationJson.HeatMap(map) : "null"),
        };
        foreach (var (path, text) in outputs.Where(o => o.Path is not null))
        {
            try
            {
                await File.WriteAllTextAsync(path!, text(), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"cannot write {Path.GetFullPath(path!)}: {ex.Message}", ex);
            }
        }
    }
}
