using System.Text.Json.Nodes;
using Heimdall.Api.Contracts;
using Heimdall.Api.Http;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Domain.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Localisation.Output;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Heimdall.Api.OpenApi;

/// <summary>
/// The schemas where the generator alone says too little: times (written by <see cref="UtcDateTimeConverter"/>) as
/// strings in <c>date-time</c> format, the words a field may hold as enums, and the fields a request body must have as
/// required (the body's types let them be absent so that the problem can name each missing one).
/// </summary>
internal sealed class SchemaDocumentation : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<(Type, string), JsonNode[]> Words = new()
    {
        [(typeof(AcquisitionSummary), "status")] = [.. AcquisitionStatuses.All.Select(s => (JsonNode)s)],
        [(typeof(AcquisitionAccepted), "status")] = [AcquisitionStates.Requested],
        [(typeof(ReceiverOutcomeResponse), "outcome")] = [ReceiverOutcomes.Stored, ReceiverOutcomes.Failed],
        [(typeof(SnrStatistics), "source")] = [SnrSources.Raw, SnrSources.DailyAndRaw, SnrSources.Daily],
        [(typeof(SpectrumWaterfall), "encoding")] = [Spectra.RecordingSpectra.Encoding],
        [(typeof(LocationResponse), "status")] = [LocationStatus.Located],
        [(typeof(LocationSummary), "status")] = [LocationStatus.Located, LocationStatus.Hyperbola, LocationStatus.NotLocated],
        [(typeof(LocationResponse), "propagation")] = ["ground-wave", "line-of-sight"],
        [(typeof(LocationSummary), "propagation")] = ["ground-wave", "line-of-sight"],
    };

    private static readonly Dictionary<(Type, string), string> Descriptions = new()
    {
        [(typeof(Measurement), "timingSource")] =
            $"How the capture's start time was obtained: {TimingSources.Gnss} (the receiver's GNSS stamps), {TimingSources.HostClock}, {TimingSources.Recorded} (a replay) or {TimingSources.Simulated} (the simulated network's exact clock); null for rows stored before it was recorded.",
        [(typeof(Measurement), "warnings")] =
            "Every warning the capture earned, one sentence each, as in its recording's heimdall:timing.warnings (a late or retried start with each failed attempt's reason, a wait for a receiver channel, stale or absent GNSS, sequence gaps, …); empty when it earned none, and for rows stored before it was recorded (attempts is then null).",
        [(typeof(Measurement), "attempts")] =
            "How many attempts the receiver took to deliver the capture (1: the first succeeded); null when unknown (rows stored before it was recorded, older producers).",
        [(typeof(RecordingSpectrum), "psdDbfsPerHz")] = "The Welch average over every segment, dBFS/Hz per bin, bins ascending from firstBinHz.",
        [(typeof(RecordingSpectrum), "firstBinHz")] = "The centre frequency of bin 0, Hz: centerFrequencyHz − sampleRateHz/2.",
        [(typeof(RecordingSpectrum), "dataETag")] = "The recording's data object's ETag: the spectrum is of exactly these bytes.",
        [(typeof(RecordingSpectrum), "sha512")] = "core:sha512 of the recording's metadata.",
        [(typeof(SpectrumWaterfall), "data")] = "rows × bins bytes, row-major, oldest row first, in base64: dBFS/Hz = offsetDb + byte × scaleDb.",
        [(typeof(SpectrumWaterfall), "rowStartSeconds")] = "When each row's first segment starts, seconds from the recording's first sample.",
        [(typeof(ReceiverResponse), "timingSource")] = "How its last capture was timed: gnss, host-clock, recorded or simulated; null: never captured (or before it was recorded).",
        [(typeof(LocationResponse), "ellipse95")] = "The 95 % error ellipse of the horizontal position: semi-axes in metres, the major axis's orientation in degrees clockwise from north (0 to 180).",
        [(typeof(LocationResponse), "pairs")] = "Every pair correlated: delaySeconds is the arrival at receiverB minus that at receiverA, sigmaSeconds its standard deviation; used, or the reason it was not; quality figures.",
        [(typeof(LocationResponse), "stations")] = "Every receiver of the acquisition: used or not, and why not (failed, recording missing, timed by the host clock, no common signal, …).",
        [(typeof(LocationResponse), "gdop")] = "Geometric dilution of precision of the receivers seen from the estimate.",
        [(typeof(LocationSummary), "reason")] = "Why there is no point; null when located.",
        [(typeof(MeasurementPageResponse), "nextCursor")] = "Pass it as cursor for the next page; null on the last page.",
        [(typeof(AcquisitionRequestBody), "acquisitionId")] = "The acquisition's id (the idempotency key); absent: one is generated. Not all zeros.",
        [(typeof(AcquisitionRequestBody), "frequencyHz")] = "Centre frequency, Hz; an enabled receiver (of receiverIds, if given) must cover it.",
        [(typeof(AcquisitionRequestBody), "durationSeconds")] = "Capture length, seconds (> 0, at most Acquirer:MaxDurationSeconds).",
        [(typeof(AcquisitionRequestBody), "sampleRateHz")] = "Sample rate, Hz; absent: each receiver's own.",
        [(typeof(AcquisitionRequestBody), "startAtUtc")] = "When to start, ISO 8601 with an offset; absent: now. Not in the past beyond the tolerance, nor beyond Acquirer:MaxStartLeadSeconds.",
        [(typeof(AcquisitionRequestBody), "receiverIds")] = "Receivers to use; absent: every enabled receiver that covers the frequency.",
        [(typeof(AcquisitionRequestBody), "requestedBy")] = "Who asks (at most 200 characters); absent: the key's name.",
        [(typeof(ReceiverBody), "receiverId")] = "POST: the id to give (absent: one more than the largest). PUT: ignored (the id of the path stays).",
        [(typeof(ReceiverBody), "settings")] = "The kind's settings, a JSON object (docs/receivers.md); absent: the driver's defaults.",
    };

    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(AcquisitionRequestBody)] = ["frequencyHz", "durationSeconds"],
        [typeof(ReceiverBody)] = ["name", "kind", "url", "latitude", "longitude", "minFrequencyHz", "maxFrequencyHz", "sampleRateHz"],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (Nullable.GetUnderlyingType(type) is { } underlying && (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset)))
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "date-time";
        }

        if (context.JsonPropertyInfo is { } property && Words.TryGetValue((property.DeclaringType, property.Name), out var words))
        {
            schema.Enum = [.. words.Select(w => w.DeepClone())];
        }

        if (context.JsonPropertyInfo is { } described && Descriptions.TryGetValue((described.DeclaringType, described.Name), out var description))
        {
            schema.Description = description;
        }

        if (Required.TryGetValue(type, out var required))
        {
            schema.Required = new HashSet<string>(required);
        }

        return Task.CompletedTask;
    }
}
