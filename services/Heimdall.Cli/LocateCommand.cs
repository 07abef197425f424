using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Heimdall.Cli.Api;
using Heimdall.Cli.CommandLine;
using Heimdall.Localisation;
using Heimdall.Localisation.Output;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall locate PATH...</c>: reads GNSS-timed recordings from disk (kiwi-wav, SigMF), locates the transmitter
/// with <see cref="Locator"/> and prints a summary, or the estimate as JSON with <c>--json</c>; <c>--geojson</c>,
/// <c>--kml</c> and <c>--heat-map</c> also write files; <c>--power-based</c> draws a power-based region
/// instead (<see cref="PowerLocate"/>). Exit codes: 0 located (or a hyperbola from two receivers), 1 no
/// location or a file problem (one <c>error:</c> line naming it), 2 usage, 130 cancelled. <c>heimdall locate
/// ACQUISITION_ID</c> reads what the pipeline stored through the API instead (exit codes of the API commands).
/// </summary>
public static class LocateCommand
{
    /// <summary><c>heimdall locate</c>.</summary>
    public static Command Create(CliContext context)
    {
        var symbols = new LocateArguments.Symbols();
        var command = new Command("locate", "Locate a transmitter from GNSS-timed recordings of it on disk (kiwi-wav or SigMF; needs no services).");
        symbols.AddTo(command);
        command.SetAction((result, ct) => symbols.Read(result) is { AcquisitionId: { } id } arguments
            ? ApiCommand.RunAsync(result, context, (api, token) => FromApiAsync(context, api, id, arguments, token), ct)
            : RunAsync(context, symbols.Read(result), ct));
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
            if (arguments.PowerBased)
            {
                return await PowerLocate.RunAsync(context, arguments, cancellationToken);
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

    /// <summary>
    /// <c>heimdall locate ACQUISITION_ID</c>: the location the pipeline's Locator stored, read from the API: the summary
    /// (or the API's JSON with <c>--json</c>), and the API's GeoJSON and KML with <c>--geojson</c> / <c>--kml</c>. No point
    /// (a hyperbola, not located, not yet) is the API's 404 problem: its detail, each receiver's part and any power-based
    /// region, exit 4; a location stored without a point (hyperbola, not located) still has its GeoJSON and KML written.
    /// </summary>
    private static async Task<int> FromApiAsync(CliContext context, ApiClient api, Guid id, LocateArguments arguments, CancellationToken cancellationToken)
    {
        JsonNode node;
        try
        {
            node = await api.GetAsync($"/api/acquisitions/{id}/location", cancellationToken)
                   ?? throw new CommandFailedException($"the API answered no body for acquisition {id}'s location");
        }
        catch (ApiException ex) when (ex.Status == HttpStatusCode.NotFound
                                      && ex.Problem?["locationStatus"]?.GetValue<string>() is LocationStatus.Hyperbola or LocationStatus.NotLocated)
        {
            // Stored without a point: its GeoJSON and KML still hold the receivers, any hyperbola and any power-based region.
            await DownloadFilesAsync(api, id, arguments, cancellationToken);
            throw;
        }

        await DownloadFilesAsync(api, id, arguments, cancellationToken);

        if (arguments.Json)
        {
            await context.Output.WriteLineAsync(node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var estimate = LocationJson.Deserialize(node.ToJsonString()) ?? throw new CommandFailedException($"the API's location of {id} is not an estimate");
            await context.Output.WriteLineAsync($"acquisition {id}, located {node["locatedAt"]}");
            await context.Output.WriteLineAsync(LocationSummary.Format(estimate));
        }

        return ExitCodes.Ok;
    }

    private static async Task DownloadFilesAsync(ApiClient api, Guid id, LocateArguments arguments, CancellationToken cancellationToken)
    {
        foreach (var (path, suffix) in new[] { (arguments.GeoJsonPath, ".geojson"), (arguments.KmlPath, ".kml") })
        {
            if (path is not null)
            {
                await using var file = File.Create(path);
                await api.DownloadAsync($"/api/acquisitions/{id}/location{suffix}", file, cancellationToken);
            }
        }
    }

    private static Task WriteFilesAsync(LocateArguments arguments, LocationEstimate estimate, CancellationToken cancellationToken) =>
        WriteFilesAsync(
        [
            (arguments.GeoJsonPath, () => GeoJsonWriter.Write(estimate)),
            (arguments.KmlPath, () => KmlWriter.Write(estimate, "Heimdall location")),
            (arguments.HeatMapPath, () => estimate.HeatMap is { } map ? LocationJson.HeatMap(map) : "null"),
        ], cancellationToken);

    /// <summary>Writes each output that has a path; a file that cannot be written fails the command naming it.</summary>
    internal static async Task WriteFilesAsync(IEnumerable<(string? Path, Func<string> Text)> outputs, CancellationToken cancellationToken)
    {
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
