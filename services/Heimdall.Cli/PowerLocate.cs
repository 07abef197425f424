using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Heimdall.Cli.CommandLine;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Power;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall locate --power-based PATH...</c>: the power-based region (<see cref="PowerRegion"/>) from SigMF recordings
/// as the archive writes them for untimed receivers (rtl_tcp, SpyServer, OpenWebRX): each meta's receiver
/// (<c>heimdall:receiver_name</c>, <c>core:geolocation</c> or <c>--position</c>) and calibrated power
/// (<c>heimdall:metrics.power_dbm</c> with <c>uncertainty.power_db</c>); only the metadata is read. A summary labelled
/// power-based, or the estimate as JSON; <c>--geojson</c> and <c>--kml</c> write the region (KML: one placemark named
/// power-based with its confidence and model, and the receivers). Exit 0 with a region, 1 without (empty or
/// insufficient, the reason on stderr), 2 for a model out of range.
/// </summary>
internal static class PowerLocate
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static async Task<int> RunAsync(CliContext context, LocateArguments arguments, CancellationToken cancellationToken)
    {
        var observations = await ReadAsync(arguments, cancellationToken);
        PowerRegionEstimate estimate;
        try
        {
            estimate = PowerRegion.Estimate(
                observations,
                PathLossModel.Default with { Exponent = arguments.PathLossExponent ?? 3.0, ShadowingSigmaDb = arguments.ShadowingSigmaDb ?? 8.0 },
                PowerRegionOptions.Default with { ConfidenceLevel = arguments.Confidence ?? 0.95 });
        }
        catch (ArgumentException ex)
        {
            await context.Error.WriteLineAsync("error: " + ex.Message[..ex.Message.LastIndexOf(" (Parameter", StringComparison.Ordinal)]);
            return ExitCodes.Usage;
        }

        await LocateCommand.WriteFilesAsync(
        [
            (arguments.GeoJsonPath, () => PowerRegionGeoJson.Write(estimate)),
            (arguments.KmlPath, () => KmlWriter.Write(PowerRegionSummary.From(estimate), "Heimdall power-based region")),
        ], cancellationToken);
        await context.Output.WriteLineAsync(arguments.Json ? JsonSerializer.Serialize(estimate, Json) : Summary(estimate));
        if (estimate.Status != PowerRegionStatus.Region)
        {
            await context.Error.WriteLineAsync("error: no power-based region: " + estimate.Reason);
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>One observation per SigMF meta of the paths (a folder: its <c>*.sigmf-meta</c>).</summary>
    private static async Task<List<PowerObservation>> ReadAsync(LocateArguments arguments, CancellationToken cancellationToken)
    {
        var metas = new List<string>();
        foreach (var path in arguments.Paths)
        {
            if (Directory.Exists(path))
            {
                metas.AddRange(Directory.GetFiles(path, "*" + SigMfRecording.MetaExtension).Order(StringComparer.Ordinal));
            }
            else if (path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandFailedException($"{path}: a kiwi-wav file carries no calibrated power; --power-based reads SigMF recordings as Heimdall archives them");
            }
            else
            {
                metas.Add(path.EndsWith(SigMfRecording.MetaExtension, StringComparison.Ordinal) ? path
                    : path.EndsWith(".sigmf-data", StringComparison.Ordinal) ? path[..^".sigmf-data".Length] + SigMfRecording.MetaExtension
                    : path + SigMfRecording.MetaExtension);
            }
        }

        var observations = new List<PowerObservation>();
        foreach (var meta in metas)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(meta, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"cannot read {Path.GetFullPath(meta)}: {ex.Message}", ex);
            }

            observations.Add(Observation(meta, bytes, arguments.Positions));
        }

        return observations.Count > 0 ? observations : throw new CommandFailedException("no SigMF recording (*.sigmf-meta) among the paths");
    }

    private static PowerObservation Observation(string meta, byte[] bytes, IReadOnlyDictionary<string, GeoPosition> positions)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var observation = SigMfPower.Observation(document.RootElement, Path.GetFileName(meta)[..^SigMfRecording.MetaExtension.Length]);
            return positions.TryGetValue(observation.Name, out var given) ? observation with { Position = given } : observation;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandFailedException($"{Path.GetFullPath(meta)}: not a SigMF meta this command reads: {ex.Message}", ex);
        }
    }

    internal static string Summary(PowerRegionEstimate estimate)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"power-based region (not a fix): {estimate.Status}, {estimate.ConfidenceLevel:0.###} confidence, from {estimate.Stations.Count(s => s.Used)} receivers' calibrated powers"));
        text.AppendLine(Invariant($"model      log-distance, exponent {estimate.Model.Exponent}, shadowing σ {estimate.Model.ShadowingSigmaDb} dB"));
        if (estimate.Cells.Count > 0 && estimate.Grid is { } grid)
        {
            text.AppendLine(Invariant(
                $"region     {estimate.AreaKm2:0.#} km² in {estimate.Cells.Count} cells of {grid.CellM / 1000:0.###} km; latitude {estimate.Cells.Min(c => c.Latitude):0.####} to {estimate.Cells.Max(c => c.Latitude):0.####}, longitude {estimate.Cells.Min(c => c.Longitude):0.####} to {estimate.Cells.Max(c => c.Longitude):0.####}{(estimate.Bounded ? "" : " (reaches the grid's edge: goes on beyond)")}"));
            text.AppendLine(Invariant($"strength   A {estimate.ReferencePowerDbm!.Min:0.#} to {estimate.ReferencePowerDbm.Max:0.#} dBm at 1 m"));
        }
        else
        {
            text.AppendLine("region     none: " + estimate.Reason);
        }

        foreach (var station in estimate.Stations)
        {
            text.AppendLine(Invariant($"receiver   {station.Name}: {(station.PowerDbm is { } p ? $"{p:0.00} dBm ±{station.SigmaDb:0.00}" : "-")}{(station.Used ? "" : ", not used: " + station.Reason)}"));
        }

        foreach (var warning in estimate.Warnings)
        {
            text.AppendLine("warning    " + warning);
        }

        return text.ToString().TrimEnd();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
