using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Domain.Receivers;

namespace Heimdall.Api.Contracts;

/// <summary>A page of recent measurements; pass <see cref="NextCursor"/> as <c>cursor</c> for the next one (null: last page).</summary>
public sealed record MeasurementPageResponse(IReadOnlyList<Measurement> Items, string? NextCursor);

/// <summary>A receiver's outcome in an acquisition, with its recording: S3 URIs and the API's download paths.</summary>
public sealed record ReceiverOutcomeResponse(
    int ReceiverId, string Outcome, string? Detail, DateTime RecordedAt, string? DataUri, string? MetaUri, string? DataUrl, string? MetaUrl);

/// <summary>One acquisition: its row, every receiver's outcome (with its recording) and the stored measurements.</summary>
public sealed record AcquisitionResponse(
    AcquisitionSummary Acquisition, IReadOnlyList<ReceiverOutcomeResponse> Receivers, IReadOnlyList<Measurement> Measurements)
{
    public static AcquisitionResponse From(AcquisitionDetail detail)
    {
        var id = detail.Acquisition.AcquisitionId;
        return new AcquisitionResponse(detail.Acquisition, detail.Receivers.Select(r =>
        {
            var stored = r.Outcome == ReceiverOutcomes.Stored;
            var dataUri = stored ? detail.Measurements.FirstOrDefault(m => m.ReceiverId == r.ReceiverId)?.IqUri ?? r.Detail : null;
            return new ReceiverOutcomeResponse(r.ReceiverId, r.Outcome, r.Detail, r.RecordedAt,
                dataUri, dataUri is null ? null : RecordingPaths.MetaUriOf(dataUri),
                stored ? RecordingPaths.Url(id, r.ReceiverId, RecordingPaths.DataExtension) : null,
                stored ? RecordingPaths.Url(id, r.ReceiverId, RecordingPaths.MetaExtension) : null);
        }).ToList(), detail.Measurements);
    }
}

/// <summary>The answer to an accepted request: published, to be followed at <c>Location</c>.</summary>
public sealed record AcquisitionAccepted(Guid AcquisitionId, string Status, IReadOnlyList<int> ReceiverIds, DateTimeOffset StartAtUtc);

/// <summary><c>POST /api/acquisitions</c>: an <c>AcquisitionRequested</c> (docs/contracts.md); the id is generated when absent.</summary>
public sealed record AcquisitionRequestBody
{
    public Guid? AcquisitionId { get; init; }
    public double? FrequencyHz { get; init; }
    public double? DurationSeconds { get; init; }
    public double? SampleRateHz { get; init; }
    public DateTimeOffset? StartAtUtc { get; init; }
    public int[]? ReceiverIds { get; init; }
    public string? RequestedBy { get; init; }
}

/// <summary>A receiver with its bands, last capture and health (null: unknown).</summary>
public sealed record ReceiverResponse
{
    public required int ReceiverId { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Url { get; init; }
    public required double Latitude { get; init; }
    public required double Longitude { get; init; }
    public double? AltitudeM { get; init; }
    public required double MinFrequencyHz { get; init; }
    public required double MaxFrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public double? CalibrationDb { get; init; }
    public required double TimeoutSeconds { get; init; }
    public required int RetryCount { get; init; }
    public required bool Enabled { get; init; }
    public required IReadOnlyList<FrequencyBand> Bands { get; init; }

    /// <summary>The kind's settings (docs/receivers.md); secrets such as passwords are shown as <c>"***"</c>.</summary>
    public System.Text.Json.Nodes.JsonObject? Settings { get; init; }

    public DateTime? LastCapturedAt { get; init; }

    /// <summary>How its last capture was timed (gnss, host-clock, recorded); null: never captured, or before it was recorded.</summary>
    public string? TimingSource { get; init; }

    public ReceiverHealthSummary? Health { get; init; }

    public static ReceiverResponse From(ReceiverStatus status)
    {
        var r = status.Receiver;
        return new ReceiverResponse
        {
            ReceiverId = r.ReceiverId, Name = r.Name, Kind = r.Kind, Url = r.Url, Latitude = r.Latitude, Longitude = r.Longitude,
            AltitudeM = r.AltitudeM, MinFrequencyHz = r.MinFrequencyHz, MaxFrequencyHz = r.MaxFrequencyHz, SampleRateHz = r.SampleRateHz,
            CalibrationDb = r.CalibrationDb, TimeoutSeconds = r.TimeoutSeconds, RetryCount = r.RetryCount, Enabled = r.Enabled,
            Bands = [.. r.Bands.Select(b => new FrequencyBand(b.MinHz, b.MaxHz))], LastCapturedAt = status.LastCapturedAt, TimingSource = status.LastTimingSource, Health = status.Health,
            Settings = MaskedSettings(r.Settings),
        };
    }

    /// <summary>The settings with every key that names a password replaced by <c>***</c>.</summary>
    private static System.Text.Json.Nodes.JsonObject? MaskedSettings(string settings)
    {
        if (System.Text.Json.Nodes.JsonNode.Parse(settings) is not System.Text.Json.Nodes.JsonObject json)
        {
            return null;
        }

        foreach (var key in json.Select(p => p.Key).Where(k => k.Contains("password", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            json[key] = "***";
        }

        return json;
    }
}

/// <summary>A receiver's probes between <see cref="From"/> (exclusive) and <see cref="To"/>, oldest first.</summary>
public sealed record ReceiverHealthHistory(int ReceiverId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ReceiverHealth> Probes);

/// <summary>
/// <c>POST /api/receivers</c> (every field but receiverId, altitudeM, calibrationDb, timeoutSeconds, retryCount, enabled
/// and bands required) and <c>PUT /api/receivers/{id}</c> (the whole receiver; receiverId ignored).
/// </summary>
public sealed record ReceiverBody
{
    public int? ReceiverId { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Url { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? AltitudeM { get; init; }
    public double? MinFrequencyHz { get; init; }
    public double? MaxFrequencyHz { get; init; }
    public double? SampleRateHz { get; init; }
    public double? CalibrationDb { get; init; }
    public double? TimeoutSeconds { get; init; }
    public int? RetryCount { get; init; }
    public bool? Enabled { get; init; }
    public IReadOnlyList<FrequencyBand>? Bands { get; init; }

    /// <summary>The kind's settings, a JSON object (docs/receivers.md); absent: <c>{}</c>, the driver's defaults.</summary>
    public System.Text.Json.Nodes.JsonObject? Settings { get; init; }

    /// <summary>The definition, and the names of the required fields that are missing.</summary>
    public (ReceiverDefinition Definition, IReadOnlyList<string> Missing) ToDefinition()
    {
        var missing = new List<string>();
        T Required<T>(T? value, string name)
            where T : struct
        {
            if (value is null)
            {
                missing.Add(name);
            }

            return value ?? default;
        }

        string RequiredText(string? value, string name)
        {
            if (value is null)
            {
                missing.Add(name);
            }

            return value ?? "";
        }

        var definition = new ReceiverDefinition
        {
            Name = RequiredText(Name, "name"), Kind = RequiredText(Kind, "kind"), Url = RequiredText(Url, "url"),
            Latitude = Required(Latitude, "latitude"), Longitude = Required(Longitude, "longitude"), AltitudeM = AltitudeM,
            MinFrequencyHz = Required(MinFrequencyHz, "minFrequencyHz"), MaxFrequencyHz = Required(MaxFrequencyHz, "maxFrequencyHz"),
            SampleRateHz = Required(SampleRateHz, "sampleRateHz"), CalibrationDb = CalibrationDb,
            TimeoutSeconds = TimeoutSeconds ?? 10, RetryCount = RetryCount ?? 2, Enabled = Enabled ?? true, Bands = Bands ?? [],
            Settings = Settings?.ToJsonString() ?? "{}",
        };
        return (definition, missing);
    }
}

/// <summary>The answer of <c>DELETE /api/measurements</c>.</summary>
public sealed record RetentionResult(int Deleted, int OlderThanDays);

/// <summary>Where a recording is, in the bucket and on the API.</summary>
public static class RecordingPaths
{
    public const string DataExtension = ".sigmf-data";
    public const string MetaExtension = ".sigmf-meta";

    /// <summary>The object key the IqArchiver writes (docs/contracts.md, Object storage).</summary>
    public static string Key(Guid acquisitionId, int receiverId, string extension) => $"acquisitions/{acquisitionId}/{receiverId}{extension}";

    public static string Url(Guid acquisitionId, int receiverId, string extension) => $"/api/acquisitions/{acquisitionId}/recordings/{receiverId}{extension}";

    public static string MetaUriOf(string dataUri) =>
        dataUri.EndsWith(DataExtension, StringComparison.Ordinal) ? dataUri[..^DataExtension.Length] + MetaExtension : dataUri;
}
