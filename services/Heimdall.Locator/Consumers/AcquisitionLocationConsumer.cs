using System.Diagnostics;
using System.Text;
using Heimdall.Contracts;
using Heimdall.Data.Locations;
using Heimdall.Localisation.Output;
using Heimdall.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Locator.Consumers;

/// <summary>
/// On <see cref="AcquisitionCompleted"/>, locates the transmitter from the acquisition's stored recordings
/// (<see cref="Localisation.Locator"/>), writes <c>acquisitions/{id}/location.geojson</c>, stores the estimate (one
/// row per acquisition, upserted) and publishes <see cref="LocationEstimated"/>. An acquisition that cannot be located
/// is stored with its status and reason, and every receiver of it is named, used or not and why (a failed capture, a
/// recording timed by the host clock, …). Deterministic: a redelivery computes the same estimate, rewrites the same
/// object and row, and publishes the event again, so the chain completes. The object store or the database away beyond
/// their retries is the bus's to wait out (docs/design.md, Failures).
/// </summary>
public sealed partial class AcquisitionLocationConsumer(
    RecordingReader reader, ObjectStore store, LocationStore locations, LocatorTelemetry telemetry, TimeProvider clock,
    IOptions<LocatorServiceOptions> options, ILogger<AcquisitionLocationConsumer> logger) : IConsumer<AcquisitionCompleted>
{
    public async Task Consume(ConsumeContext<AcquisitionCompleted> context)
    {
        var completed = context.Message;
        var ct = context.CancellationToken;
        using var activity = LocatorTelemetry.ActivitySource.StartActivity("locate");
        activity?.SetTag("heimdall.acquisition_id", completed.AcquisitionId);
        var started = Stopwatch.GetTimestamp();

        var read = await reader.ReadAsync(completed.AcquisitionId, completed.StoredReceiverIds, ct);
        var estimate = Localisation.Locator.Locate(read.Captures);
        var failed = completed.FailedReceiverIds.Where(id => !completed.StoredReceiverIds.Contains(id)).Distinct().Order()
            .Select(id => RecordingReader.NotUsed(id, "its capture failed (nothing was stored)"));
        estimate = estimate with { Stations = [.. estimate.Stations, .. read.LeftOut, .. failed] };
        var region = PowerRegions.Draw(estimate, read.Powers, options.Value);
        estimate = estimate with { PowerRegion = region };
        var computeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var key = LocationKeys.GeoJson(completed.AcquisitionId);
        await store.PutAsync(store.Bucket, key, Encoding.UTF8.GetBytes(GeoJsonWriter.Write(estimate)), "application/geo+json", ct);
        var row = LocationRecords.Row(completed.AcquisitionId, estimate, ObjectStore.UriOf(store.Bucket, key), computeMs);
        var locatedAt = await locations.UpsertAsync(row, ct);
        await context.Publish(LocationRecords.Event(row, estimate.Stations, locatedAt) with
        {
            PowerRegion = region is null ? null : PowerRegions.Event(region, read.Powers),
        }, ct);

        telemetry.Locations.Add(1, new KeyValuePair<string, object?>("status", estimate.Status));
        telemetry.StationsExcluded.Add(estimate.Stations.Count(s => !s.Used));
        if (region is not null)
        {
            telemetry.PowerRegions.Add(1, new KeyValuePair<string, object?>("status", region.Status));
        }

        telemetry.ComputeDuration.Record(computeMs / 1000);
        var addedSeconds = context.SentTime is { } sent ? (clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(sent, DateTimeKind.Utc)).TotalSeconds : (double?)null;
        if (addedSeconds is { } added)
        {
            telemetry.AddedLatency.Record(added);
        }

        activity?.SetTag("heimdall.location.status", estimate.Status);
        if (estimate.Status == LocationStatus.Located)
        {
            LogLocated(logger, completed.AcquisitionId, estimate.Latitude!.Value, estimate.Longitude!.Value, estimate.Ellipse95!.SemiMajorM,
                estimate.Ellipse95.SemiMinorM, row.StationsUsed, row.StationsTotal, computeMs, addedSeconds * 1000);
        }
        else
        {
            LogNotLocated(logger, completed.AcquisitionId, estimate.Status, estimate.Reason, row.StationsUsed, row.StationsTotal, computeMs, addedSeconds * 1000);
        }

        if (region is not null)
        {
            var regionUsed = region.Stations.Count(s => s.Used);
            LogPowerRegion(logger, completed.AcquisitionId, region.Status, region.ConfidenceLevel, region.AreaKm2, regionUsed, region.Reason);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Location of {AcquisitionId}: {Latitude:0.00000}, {Longitude:0.00000}, 95 % ellipse {SemiMajorM:0} × {SemiMinorM:0} m, {Used}/{Total} receivers; computed in {ComputeMs:0} ms, {AddedMs:0} ms after completion")]
    private static partial void LogLocated(ILogger logger, Guid acquisitionId, double latitude, double longitude, double semiMajorM, double semiMinorM,
        int used, int total, double computeMs, double? addedMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Location of {AcquisitionId}: {Status}, {Reason} ({Used}/{Total} receivers); computed in {ComputeMs:0} ms, {AddedMs:0} ms after completion")]
    private static partial void LogNotLocated(ILogger logger, Guid acquisitionId, string status, string? reason, int used, int total, double computeMs, double? addedMs);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "Power-based region of {AcquisitionId} (not a fix): {Status} at {Confidence:0.###} confidence, {AreaKm2:0.#} km² from {Used} receivers' calibrated powers; {Reason}")]
    private static partial void LogPowerRegion(ILogger logger, Guid acquisitionId, string status, double confidence, double areaKm2, int used, string? reason);
}
