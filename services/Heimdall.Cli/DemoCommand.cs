using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Heimdall.Cli.Api;
using Heimdall.Cli.CommandLine;
using Heimdall.Contracts;

namespace Heimdall.Cli;

/// <summary>
/// Publishes one acquisition, waits for its outcome and prints what each receiver gave: SNR, frequency offset, power
/// and the archived object, from the events of the pipeline (IqArchived, ReceiverCaptureFailed).
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var frequency = CommonOptions.Number("--frequency", "Centre frequency in Hz.", 145_500_000, "HZ");
        var duration = CommonOptions.Number("--duration", "Capture length in seconds.", 1, "S");
        var receivers = CommonOptions.ReceiverIds("--receivers", "Receivers to use (default: every enabled receiver covering the frequency).");
        var timeout = CommonOptions.Number("--timeout", "Seconds to wait for the outcome.", 120, "S");
        var mixedServers = new Option<string?>("--mixed-servers")
        {
            Description = "Also the untimed servers of FILE (a JSON array of receivers as POST /api/receivers takes them; ./heimdall demo --mixed starts " +
                          "a local SpyServer, OpenWebRX and rtl_tcp and writes it): registered through the API by name (updated on a rerun), the " +
                          "acquisition made on every enabled simulated receiver (or --receivers) and them, each receiver's kind, timing, basis and " +
                          "uncertainties printed, then the TDoA location and the power-based region; the servers are disabled afterwards. " +
                          "HEIMDALL_API_URL and HEIMDALL_API_KEY as for the API's commands.",
            HelpName = "FILE",
        };
        var command = new Command("demo", "Publish one acquisition on the bus (RabbitMq__* from the environment), wait for its outcome and print each receiver's measurement. " +
            "./heimdall demo --mixed adds a local SpyServer, OpenWebRX+ and rtl_tcp server (untimed receivers; see --mixed-servers).")
        {
            frequency, duration, receivers, timeout, mixedServers,
        };
        command.SetAction((result, ct) =>
        {
            var request = new AcquisitionRequested
            {
                AcquisitionId = Guid.NewGuid(),
                FrequencyHz = result.GetValue(frequency),
                DurationSeconds = result.GetValue(duration),
                ReceiverIds = result.GetValue(receivers),
                RequestedBy = "heimdall demo",
            };
            var wait = TimeSpan.FromSeconds(result.GetValue(timeout));
            if (result.GetValue(mixedServers) is { } file)
            {
                return ApiCommand.RunAsync(null, null, context, (api, token) => BusCommand.RunAsync(context, settings => MixedAsync(context, api, settings, file, request, wait, token)), ct);
            }

            return BusCommand.RunAsync(context, settings => PublishAndReportAsync(context.Output, settings, request, Describe(request), wait, null, ct));
        });
        return command;
    }

    private static string Describe(AcquisitionRequested request) => string.Create(CultureInfo.InvariantCulture,
        $"{request.FrequencyHz / 1e6:0.000###} MHz for {request.DurationSeconds} s on {(request.ReceiverIds is { Length: > 0 } ids ? "receivers " + string.Join(",", ids) : "every receiver that covers it")}");

    /// <summary>--mixed-servers: registers the servers, publishes across them and the simulated receivers, then disables them.</summary>
    private static async Task<int> MixedAsync(CliContext context, ApiClient api, CliSettings settings, string file, AcquisitionRequested request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        MixedDemo.Registration registration;
        try
        {
            registration = await MixedDemo.RegisterAsync(api, await MixedDemo.ReadServersAsync(file, cancellationToken), context.Output, cancellationToken);
        }
        catch (CommandFailedException ex)
        {
            await context.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.Failed;
        }

        var mixed = request with { ReceiverIds = registration.AcquisitionReceivers(request.ReceiverIds) };
        try
        {
            return await PublishAndReportAsync(context.Output, settings, mixed, Describe(mixed), timeout, registration, cancellationToken);
        }
        finally
        {
            await MixedDemo.DisableAsync(api, registration, context.Output);
        }
    }

    /// <summary>
    /// Publishes the request, waits for its outcome and prints it (with <paramref name="mixed"/>: each receiver's kind,
    /// timing, basis and uncertainties, and the power-based region after the location); the exit code (<see cref="ExitCodes"/>).
    /// </summary>
    internal static async Task<int> PublishAndReportAsync(
        TextWriter output, CliSettings settings, AcquisitionRequested request, string what, TimeSpan timeout, MixedDemo.Registration? mixed, CancellationToken cancellationToken)
    {
        await using var client = await AcquisitionClient.ConnectAsync(settings.RabbitMq, cancellationToken);
        output.WriteLine($"Publishing acquisition {request.AcquisitionId}: {what}");
        var clock = Stopwatch.StartNew();
        var pending = await client.PublishAsync(request, cancellationToken);
        var outcome = await pending.WaitAsync(timeout, cancellationToken);
        clock.Stop();

        if (outcome.Rejected is { } rejected)
        {
            output.WriteLine("Rejected:");
            foreach (var reason in rejected.Reasons)
            {
                output.WriteLine("  - " + reason);
            }

            return ExitCodes.Rejected;
        }

        var completed = outcome.Completed!;
        if (mixed is null)
        {
            PrintTable(output, outcome);
        }
        else
        {
            MixedDemoSummary.Table(output, outcome, mixed.Registry);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{completed.Status}: {completed.ReceiversStored} stored, {completed.ReceiversFailed} failed; {clock.Elapsed.TotalSeconds:0.00} s from publish to AcquisitionCompleted ({completed.ElapsedMs} ms inside the pipeline)."));
        if (completed.Status != AcquisitionStatus.Failed)
        {
            var location = await PrintLocationAsync(output, client, request.AcquisitionId, settings, clock, cancellationToken);
            if (mixed is not null)
            {
                MixedDemoSummary.PowerRegion(output, location, outcome, mixed.Registry, settings.SimulatedTransmitter);
            }
        }

        return completed.Status == AcquisitionStatus.Failed ? ExitCodes.AcquisitionFailed : ExitCodes.Ok;
    }

    /// <summary>
    /// The Locator's answer (its LocationEstimated, waited for up to 30 s after the completion): the position, its 95 %
    /// ellipse, and its distance from the simulated transmitter (Simulation:Transmitter* as the Acquirer has them).
    /// </summary>
    private static async Task<LocationEstimated?> PrintLocationAsync(TextWriter output, AcquisitionClient client, Guid acquisitionId, CliSettings settings, Stopwatch clock, CancellationToken cancellationToken)
    {
        LocationEstimated location;
        try
        {
            location = await client.LocationAsync(acquisitionId).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            output.WriteLine("\nNo location within 30 s of the completion: is the Locator running (deploy/local/services.sh status)?");
            return null;
        }

        output.WriteLine();
        if (location is not { Latitude: { } lat, Longitude: { } lon, SemiMajorM: { } major, SemiMinorM: { } minor, OrientationDeg: { } orientation })
        {
            output.WriteLine($"Location: {location.Status}: {location.Reason}");
            output.WriteLine("  (the simulated network is TDoA-capable with Simulation:TdoaBandwidthHz > 0; ./heimdall demo sets it)");
            return location;
        }

        var truth = settings.SimulatedTransmitter;
        // The truth's offset from the estimate, and whether it lies inside the 95 % ellipse (semi-axes, major axis clockwise from north).
        var (error, azimuth) = Localisation.Geodesy.Geodesic.Inverse(new Localisation.Geodesy.GeoPosition(lat, lon), new Localisation.Geodesy.GeoPosition(truth.Latitude, truth.Longitude));
        var alongMajor = error * Math.Cos(azimuth - (orientation * Math.PI / 180));
        var alongMinor = error * Math.Sin(azimuth - (orientation * Math.PI / 180));
        var inside = Math.Pow(alongMajor / major, 2) + Math.Pow(alongMinor / minor, 2) <= 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Location: {lat:0.00000}, {lon:0.00000} ({location.UsedReceiverIds.Length} receivers used, {location.ExcludedReceiverIds.Length} left out); {clock.Elapsed.TotalSeconds:0.00} s from publish to LocationEstimated"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  95 % ellipse: {major:0.#} m × {minor:0.#} m, major axis {orientation:0}° from north; GDOP {location.Gdop:0.##}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {error:0.#} m from the simulated transmitter's true position ({truth.Latitude:0.00000}, {truth.Longitude:0.00000}){(inside ? ", inside the 95 % ellipse" : ", outside the 95 % ellipse")}"));
        output.WriteLine($"  details: heimdall locate {acquisitionId}   (GET /api/acquisitions/{acquisitionId}/location, .geojson, .kml)");
        return location;
    }

    private static void PrintTable(TextWriter output, AcquisitionOutcome outcome)
    {
        var rows = outcome.Archived.DistinctBy(a => a.ReceiverId).Select(a => (a.ReceiverId, Line: string.Create(CultureInfo.InvariantCulture,
                $"{a.ReceiverId,3}  {a.Receiver?.Name ?? "",-18} {Number(a.Metrics.SnrDb, "no signal"),9} {Number(a.Metrics.FrequencyOffsetHz, "-"),10} {a.Metrics.PowerDbfs,8:0.00} {Number(a.Metrics.PowerDbm, "-"),8}  {a.IqUri}")))
            .Concat(outcome.Failed.Select(f => (f.ReceiverId, Line: $"{f.ReceiverId,3}  FAILED after {f.Attempts} attempts: {f.Reason}")))
            .OrderBy(r => r.ReceiverId);

        output.WriteLine();
        output.WriteLine($"{"id",3}  {"receiver",-18} {"SNR dB",9} {"offset Hz",10} {"dBFS",8} {"dBm",8}  object");
        foreach (var (_, line) in rows)
        {
            output.WriteLine(line);
        }
    }

    private static string Number(double? value, string absent) =>
        value is { } number ? number.ToString("0.00", CultureInfo.InvariantCulture) : absent;
}
