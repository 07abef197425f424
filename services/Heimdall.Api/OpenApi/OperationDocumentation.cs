using System.Text.Json.Nodes;
using Heimdall.Api.Endpoints;
using Heimdall.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Heimdall.Api.OpenApi;

/// <summary>
/// Completes each operation as a client generator needs it: every parameter described and constrained
/// (<see cref="ParameterCatalog"/>), every response described, problem responses as <c>application/problem+json</c>,
/// the headers of 201, 202, 503 and of the recordings (ETag, ranges), the recordings' media types, and, where reads
/// are open, a read's key made optional.
/// </summary>
internal sealed class OperationDocumentation(IOptionsMonitor<ApiOptions> options) : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> ProblemDescriptions = new()
    {
        ["400"] = "An input is malformed, out of range, unknown or missing: errors names each query parameter, path value or body field with what it must be.",
        ["401"] = "No key where one is needed (reason missing-key), or a key that is none of this API's (reason unknown-key; also for a read when reads are open).",
        ["403"] = "A read-only key (Api:ReadKeys) for an operation that changes state (reason read-only-key).",
        ["404"] = "The acquisition, receiver or recording named does not exist; detail names it.",
        ["409"] = "The id (or the receiver's name) is already taken; detail says which.",
        ["413"] = "The body is larger than the server reads.",
        ["414"] = "The path and query are longer than Api:MaxUrlLength.",
        ["415"] = "The body is not sent as JSON (Content-Type: application/json).",
        ["422"] = "The recording exists but cannot be analysed (not a complex datatype, unreadable metadata, too few samples); detail says why.",
        ["416"] = "The byte range starts beyond the end of the recording (Content-Range: bytes */size).",
        ["503"] = "PostgreSQL or S3 is unavailable after retries; try again after Retry-After seconds.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (ParameterCatalog.Describe(operation.OperationId, parameter.Name!, parameter.In, settings) is { } known)
            {
                parameter.Description = known.Description;
                parameter.Schema = known.Schema;
                parameter.Example = known.Example;
                parameter.Required = known.Required;
            }
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (ProblemDescriptions.TryGetValue(status, out var description))
            {
                concrete.Description = description;
            }

            if (status == "503")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = Header("Seconds to wait before trying again.", JsonSchemaType.Integer);
            }
        }

        switch (operation.OperationId)
        {
            case "RequestAcquisition":
                Success(operation, "202", "Accepted: recorded as requested and published. Location answers at once (status requested until the Acquirer claims it).")
                    .Headers = new Dictionary<string, IOpenApiHeader> { ["Location"] = Header("/api/acquisitions/{acquisitionId}", JsonSchemaType.String) };
                break;
            case "AddReceiver":
                Success(operation, "201", "Added; the body is the receiver as stored.")
                    .Headers = new Dictionary<string, IOpenApiHeader> { ["Location"] = Header("/api/receivers/{receiverId}", JsonSchemaType.String) };
                break;
            case "GetLocation":
                Success(operation, "200", "Located: the position, its 95 % error ellipse, GDOP, pairs and receivers.");
                NotFound(operation, "No point: an unknown acquisition (detail names it), or locationStatus hyperbola (two usable receivers), not-located (none) or not-yet-located, with detail saying why and stations naming each receiver and why it was not used.");
                break;
            case "GetLocationGeoJson" or "GetLocationKml":
                var geoJson = operation.OperationId == "GetLocationGeoJson";
                Success(operation, "200", geoJson ? "A GeoJSON FeatureCollection (RFC 7946)." : "A KML 2.2 document.").Content = new Dictionary<string, OpenApiMediaType>
                {
                    [geoJson ? LocationEndpoints.GeoJsonType : LocationEndpoints.KmlType] = new OpenApiMediaType
                    {
                        Schema = geoJson
                            ? new OpenApiSchema { Type = JsonSchemaType.Object, Description = "FeatureCollection: features of kind estimate, ellipse95, receiver, hyperbola, alternative, power-region." }
                            : new OpenApiSchema { Type = JsonSchemaType.String, Description = "KML: placemarks of the estimate, its ellipse, the receivers, the hyperbolae and any power-based region (a MultiGeometry of Polygons named power-based with its confidence level, path-loss exponent and shadowing σ)." },
                    },
                };
                NotFound(operation, "No location stored: an unknown acquisition (detail names it) or locationStatus not-yet-located.");
                break;
            case "GetRecordingMeta" or "GetRecordingData" or "HeadRecordingMeta" or "HeadRecordingData":
                Recording(operation);
                break;
            case "GetRecordingSpectrum":
                Spectrum(operation);
                break;
        }

        if (settings.AllowAnonymousReads && context.Description.HttpMethod is "GET" or "HEAD")
        {
            // Reads are open: no key, or a known one (an unknown key is still 401).
            operation.Security = [new OpenApiSecurityRequirement(), Requirement(context.Document!)];
        }

        return Task.CompletedTask;
    }

    private static void NotFound(OpenApiOperation operation, string description)
    {
        if (operation.Responses?.TryGetValue("404", out var existing) == true && existing is OpenApiResponse response)
        {
            response.Description = description;
        }
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, document)] = [] };

    private static OpenApiResponse Success(OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse response)
        {
            response.Description = description;
            return response;
        }

        var added = new OpenApiResponse { Description = description };
        operation.Responses[status] = added;
        return added;
    }

    /// <summary>The recordings: their media types, ETag and byte ranges (RFC 9110): 200, 206, 304, 416, and the request headers they read.</summary>
    private static void Recording(OpenApiOperation operation)
    {
        var meta = operation.OperationId!.EndsWith("Meta", StringComparison.Ordinal);
        var head = operation.OperationId.StartsWith("Head", StringComparison.Ordinal);
        var mediaType = meta ? "application/json" : "application/octet-stream";
        Dictionary<string, OpenApiMediaType>? Content() => head ? null : new()
        {
            [mediaType] = new OpenApiMediaType
            {
                Schema = meta
                    ? new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The SigMF metadata (global, captures, annotations) as archived." }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The samples as captured (the datatype of the metadata)." },
            },
        };
        Dictionary<string, IOpenApiHeader> Headers(bool partial)
        {
            var headers = new Dictionary<string, IOpenApiHeader>
            {
                ["ETag"] = Header("The stored object's entity tag; send it back in If-None-Match (304) or If-Range.", JsonSchemaType.String),
                ["Accept-Ranges"] = Header("bytes", JsonSchemaType.String),
                ["Content-Length"] = Header("Bytes in this response's body (for HEAD: in the GET's).", JsonSchemaType.Integer),
                ["Content-Disposition"] = Header("attachment; filename=RECEIVER.sigmf-meta or .sigmf-data", JsonSchemaType.String),
                ["Cache-Control"] = Header(RecordingEndpoints.CacheControl, JsonSchemaType.String),
            };
            if (partial)
            {
                headers["Content-Range"] = Header("bytes FIRST-LAST/SIZE", JsonSchemaType.String);
            }

            return headers;
        }

        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = head ? "The recording exists: its length and ETag, no body." : "The whole recording, streamed from the bucket.",
            Content = Content(),
            Headers = Headers(partial: false),
        };
        operation.Responses["304"] = new OpenApiResponse
        {
            Description = "If-None-Match holds the ETag: the copy the client has is current; no body.",
            Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = Header("The entity tag.", JsonSchemaType.String) },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(HeaderParameter("If-None-Match", "An ETag received before (or *): 304 when it still matches."));
        if (!head)
        {
            operation.Responses["206"] = new OpenApiResponse
            {
                Description = "The one byte range asked for (Range: bytes=FIRST-LAST, FIRST- or -SUFFIX). Several ranges, or an If-Range that does not match, get the whole (200).",
                Content = Content(),
                Headers = Headers(partial: true),
            };
            operation.Parameters.Add(HeaderParameter("Range", "One byte range, e.g. bytes=0-1023 (the first KiB), bytes=1024- or bytes=-4096 (the last 4 KiB)."));
            operation.Parameters.Add(HeaderParameter("If-Range", "The ETag the range was computed for: when the recording's differs, the whole is sent (200)."));
        }
    }

    /// <summary>The spectrum: its ETag (the recording's, the bins and rows), 304 for If-None-Match.</summary>
    private static void Spectrum(OpenApiOperation operation)
    {
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue("200", out var found) && found is OpenApiResponse ok)
        {
            ok.Description = "The spectrum and waterfall, computed once per recording, bins and rows.";
            ok.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["ETag"] = Header("A weak entity tag of the recording's data, the bins and rows; send it back in If-None-Match (304).", JsonSchemaType.String),
                ["Cache-Control"] = Header(SpectrumEndpoints.CacheControl, JsonSchemaType.String),
            };
        }

        operation.Responses["304"] = new OpenApiResponse
        {
            Description = "If-None-Match holds the ETag: the spectrum the client has is current; no body.",
            Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = Header("The entity tag.", JsonSchemaType.String) },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(HeaderParameter("If-None-Match", "An ETag received before (or *): 304 when it still matches."));
    }

    private static OpenApiParameter HeaderParameter(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Required = false,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiHeader Header(string description, JsonSchemaType type) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };
}
