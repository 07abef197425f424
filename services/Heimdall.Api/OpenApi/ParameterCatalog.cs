using System.Text.Json.Nodes;
using Heimdall.Api.Endpoints;
using Heimdall.Data.Acquisitions;
using Heimdall.Domain.Acquisitions;
using Microsoft.OpenApi;

namespace Heimdall.Api.OpenApi;

/// <summary>
/// What the document says of every query and path parameter: its description, its schema with the bounds and default
/// the endpoints apply (<see cref="QueryDefaults"/>, <see cref="ApiOptions"/>), an example, and whether it is required,
/// so that a generated client needs no hand edits. A parameter missing here is left as generated (the tests refuse that).
/// </summary>
internal static class ParameterCatalog
{
    public static (string Description, OpenApiSchema Schema, JsonNode? Example, bool Required)? Describe(
        string? operationId, string name, ParameterLocation? location, ApiOptions options)
    {
        var window = $"The window is at most Api:MaxWindowHours ({options.MaxWindowHours} h) long.";
        return (location, name, operationId) switch
        {
            (ParameterLocation.Path, "id", "GetReceiver" or "GetReceiverHealth" or "ReplaceReceiver" or "EnableReceiver" or "DisableReceiver" or "RemoveReceiver") =>
                ("The receiver's id.", Integer(minimum: 1), 1, true),
            (ParameterLocation.Path, "id", _) =>
                ("The acquisition's id (a GUID).", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }, "6f9619ff-8b86-d011-b42d-00cf4fc964ff", true),
            (ParameterLocation.Path, "receiverId", _) =>
                ("The receiver whose recording is wanted.", Integer(minimum: 1), 1, true),
            (ParameterLocation.Query, "receiverId", _) =>
                ("Only this receiver's captures. A receiver neither registered nor in any measurement is 404 (not an empty answer).", Integer(minimum: 1), 1, false),
            (ParameterLocation.Query, "minFrequencyHz", _) =>
                ("Only captures tuned at or above this frequency, Hz (at most maxFrequencyHz).", Number(exclusiveMinimum: 0), 144e6, false),
            (ParameterLocation.Query, "maxFrequencyHz", _) =>
                ("Only captures tuned at or below this frequency, Hz.", Number(exclusiveMinimum: 0), 146e6, false),
            (ParameterLocation.Query, "hours", "GetRecentMeasurements") =>
                ($"How far back from now, in hours (fractions allowed). At most Api:MaxWindowHours ({options.MaxWindowHours}).",
                    Number(exclusiveMinimum: 0, maximum: options.MaxWindowHours, @default: QueryDefaults.Hours), 6, false),
            (ParameterLocation.Query, "hours", "GetReceiverHealth") =>
                ($"How far back from now, in hours (fractions allowed). At most Api:MaxWindowHours ({options.MaxWindowHours}); probes are kept ReceiverHealth:RetentionDays.",
                    Number(exclusiveMinimum: 0, maximum: options.MaxWindowHours, @default: QueryDefaults.HealthHours), 24, false),
            (ParameterLocation.Query, "bins", _) =>
                ($"Bins per spectrum, the FFT segment length: a power of two from {QueryDefaults.MinSpectrumBins} to {QueryDefaults.MaxSpectrumBins} (a shorter recording gets the largest power of two it holds).",
                    Integer(QueryDefaults.MinSpectrumBins, QueryDefaults.MaxSpectrumBins, QueryDefaults.SpectrumBins), 256, false),
            (ParameterLocation.Query, "rows", _) =>
                ($"Waterfall rows, 1 to {QueryDefaults.MaxSpectrumRows} (fewer when the recording holds fewer segments).",
                    Integer(1, QueryDefaults.MaxSpectrumRows, QueryDefaults.SpectrumRows), 64, false),
            (ParameterLocation.Query, "hours", "ListLocations") =>
                ($"The window: locations stored in the last hours hours (fractions allowed), when from and to are not given. Not with from/to. {window}",
                    Number(exclusiveMinimum: 0, maximum: options.MaxWindowHours, @default: QueryDefaults.Hours), 24, false),
            (ParameterLocation.Query, "hours", _) =>
                ($"The window: the last hours hours (fractions allowed), when from and to are not given. Not with from/to. {window}",
                    Number(exclusiveMinimum: 0, maximum: options.MaxWindowHours, @default: QueryDefaults.Hours), 24, false),
            (ParameterLocation.Query, "from", _) =>
                ($"Window start, inclusive: ISO 8601 with an offset (Z or ±hh:mm; a time without one is refused). With to, instead of hours. {window}",
                    DateTime(), "2026-11-20T00:00:00Z", false),
            (ParameterLocation.Query, "to", _) =>
                ("Window end, exclusive: ISO 8601 with an offset. Needs from; default now.", DateTime(), "2026-11-21T00:00:00Z", false),
            (ParameterLocation.Query, "signalDetected", _) =>
                ("true: only captures that held a signal; false: only those that did not; absent: both.", new OpenApiSchema { Type = JsonSchemaType.Boolean }, true, false),
            (ParameterLocation.Query, "limit", "ListAcquisitions") =>
                ($"How many acquisitions, 1 to Api:MaxLimit ({options.MaxLimit}).", Integer(1, options.MaxLimit, QueryDefaults.AcquisitionLimit), 20, false),
            (ParameterLocation.Query, "limit", "ListLocations") =>
                ($"How many locations, 1 to Api:MaxLimit ({options.MaxLimit}).", Integer(1, options.MaxLimit, QueryDefaults.LocationLimit), 20, false),
            (ParameterLocation.Query, "limit", _) =>
                ($"Rows per page, 1 to Api:MaxLimit ({options.MaxLimit}).", Integer(1, options.MaxLimit, QueryDefaults.RecentLimit), 50, false),
            (ParameterLocation.Query, "cursor", _) =>
                ("The nextCursor of the previous page, passed back as it was returned (opaque); absent for the first page. A cursor this API did not issue is refused (400).",
                    new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9_-]+$", MinLength = 1, MaxLength = 64 }, null, false),
            (ParameterLocation.Query, "status", _) =>
                ("Only acquisitions with this status: requested (published, not yet claimed by the Acquirer), capturing, completed, partial, failed or rejected.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. AcquisitionStatuses.All.Select(s => (JsonNode)s)] }, AcquisitionStates.Completed, false),
            (ParameterLocation.Query, "bucketMinutes", _) =>
                ($"Width of the series' buckets, minutes (fractions allowed); the window may hold at most {QueryDefaults.MaxBuckets} buckets.",
                    Number(minimum: 1, maximum: QueryDefaults.MaxBucketMinutes, @default: QueryDefaults.BucketMinutes), 60, false),
            (ParameterLocation.Query, "olderThanDays", _) =>
                ("Deletes the measurements captured more than this many days ago (required).", Integer(minimum: QueryDefaults.MinRetentionDays), 90, true),
            _ => null,
        };
    }

    private static OpenApiSchema Integer(int minimum, int? maximum = null, int? @default = null) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = Text(minimum),
        Maximum = maximum is { } max ? Text(max) : null,
        Default = @default is { } value ? JsonValue.Create(value) : null,
    };

    private static OpenApiSchema Number(double? minimum = null, double? exclusiveMinimum = null, double? maximum = null, double? @default = null) => new()
    {
        Type = JsonSchemaType.Number,
        Format = "double",
        Minimum = minimum is { } min ? Text(min) : null,
        ExclusiveMinimum = exclusiveMinimum is { } exclusive ? Text(exclusive) : null,
        Maximum = maximum is { } max ? Text(max) : null,
        Default = @default is { } value ? JsonValue.Create(value) : null,
    };

    private static OpenApiSchema DateTime() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static string Text(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
