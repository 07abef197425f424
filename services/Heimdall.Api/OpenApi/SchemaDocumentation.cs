using System.Text.Json.Nodes;
using Heimdall.Api.Contracts;
using Heimdall.Api.Http;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Domain.Acquisitions;
using Heimdall.Data.Measurements;
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
    };

    private static readonly Dictionary<(Type, string), string> Descriptions = new()
    {
        [(typeof(Measurement), "timingSource")] =
            $"How the capture's start time was obtained: {TimingSources.Gnss} (the receiver's GNSS stamps), {TimingSources.HostClock} or {TimingSources.Recorded} (a replay); null for rows stored before it was recorded.",
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
