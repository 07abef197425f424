using System.Text.Json.Nodes;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Heimdall.Api.OpenApi;

/// <summary>
/// The document as a whole: its servers without a trailing slash, its tags described and in the order of the reference
/// page (reads before writes within each), the license, and the problem-details schemas with the <c>reason</c> of a
/// refused key.
/// </summary>
internal sealed class DocumentShape : IOpenApiDocumentTransformer
{
    /// <summary>The tags in page order, with what each covers.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Measurements", "Each receiver's measurement of each acquisition: recent ones page by page, one acquisition's, and retention on demand."),
        ("Acquisitions", "Request an acquisition (published as AcquisitionRequested), list them, follow one to its outcome."),
        ("Analysis", "SNR statistics and frequency drift per receiver over a window."),
        ("Recordings", "The archived SigMF recordings (metadata and samples), streamed from S3 with ETags and byte ranges."),
        ("Locations", "Where each acquisition's transmitter is, as the Locator estimated it from the GNSS-timed recordings (TDoA): JSON, GeoJSON, KML, and the recent ones."),
        ("Receivers", "The receiver registry: list, show, add, replace, enable, disable, remove."),
        ("Status", "The database connection check."),
    ];

    private static readonly string[] MethodOrder = ["GET", "HEAD", "POST", "PUT", "DELETE"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Version = "1";
        document.Info.License = new OpenApiLicense { Name = "Apache-2.0", Url = new Uri("https://www.apache.org/licenses/LICENSE-2.0") };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        Order(document);
        Problems(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Paths by tag in <see cref="Tags"/> order, those that read first (else in the order they are mapped); in a path, GET
    /// and HEAD before the writes.
    /// </summary>
    private static void Order(OpenApiDocument document)
    {
        var ordered = document.Paths
            .OrderBy(p => TagIndex(p.Value))
            .ThenBy(p => p.Value.Operations?.Keys.Any(m => m == HttpMethod.Get) == true ? 0 : 1)
            .ToList();
        document.Paths.Clear();
        foreach (var (path, item) in ordered)
        {
            if (item is OpenApiPathItem concrete && concrete.Operations is { } operations)
            {
                var sorted = operations.OrderBy(o => Array.IndexOf(MethodOrder, o.Key.Method)).ToList();
                operations.Clear();
                foreach (var (method, operation) in sorted)
                {
                    operations[method] = operation;
                }
            }

            document.Paths[path] = item;
        }
    }

    private static int TagIndex(IOpenApiPathItem item)
    {
        var tag = item.Operations?.Values.SelectMany(o => o.Tags ?? Enumerable.Empty<OpenApiTagReference>()).Select(t => t.Name).FirstOrDefault();
        var index = Array.FindIndex(Tags, t => t.Name == tag);
        return index < 0 ? Tags.Length : index;
    }

    /// <summary>The reason a key was refused, on the problem schema every error refers to.</summary>
    private static void Problems(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue("ProblemDetails", out var found) || found is not OpenApiSchema problem)
        {
            return;
        }

        problem.Description = "An RFC 9457 problem (application/problem+json): what went wrong, in words; traceId finds it in the logs.";
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties[ApiKeyDefaults.ReasonExtension] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "On a 401 or 403: why the key was refused.",
            Enum = [ApiKeyDefaults.MissingKey, ApiKeyDefaults.UnknownKey, ApiKeyDefaults.ReadOnlyKey],
        };
        problem.Properties[LocationProblems.StatusExtension] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "On a 404 of a location: why there is no point (detail says it in words).",
            Enum = [LocationProblems.Hyperbola, LocationProblems.NotLocated, LocationProblems.NotYetLocated],
        };
        problem.Properties[LocationProblems.StationsExtension] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "On a 404 of a location with locationStatus hyperbola or not-located: each receiver of the acquisition, used or not, and why not.",
            Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["receiverId"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                    ["used"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                    ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                },
            },
        };
        problem.Properties[LocationProblems.PowerRegionExtension] = PowerRegionSchema();
        problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id (W3C), as the logs show it." };
    }

    /// <summary>The power-based region a location's 404 may carry (Heimdall.Localisation's PowerRegionSummary).</summary>
    private static OpenApiSchema PowerRegionSchema()
    {
        OpenApiSchema Number(string? description = null) => new() { Type = JsonSchemaType.Number, Format = "double", Description = description };
        OpenApiSchema NullableNumber(string? description = null) => new() { Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = "double", Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "On a 404 of a location with locationStatus hyperbola or not-located, when the Locator drew one: where the transmitter can be from the receivers' calibrated powers "
                + "(log-distance model, its exponent and shadowing stated), at a confidence level. Labelled power-based: a region, never a point.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["method"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["power-based"] },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["region", "empty", "insufficient"] },
                ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "Why there is no region (empty, insufficient)." },
                ["confidenceLevel"] = Number(),
                ["model"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["exponent"] = Number("The path-loss exponent n."),
                        ["shadowingSigmaDb"] = Number("The shadowing σ, dB."),
                        ["minimumDistanceM"] = Number("Distances below this are taken as this."),
                    },
                },
                ["threshold"] = NullableNumber("The χ² quantile each position's statistic is held to."),
                ["degreesOfFreedom"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["minimumStatistic"] = NullableNumber(),
                ["areaKm2"] = Number(),
                ["bounded"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "False when the region reaches the edge of its grid." },
                ["cellM"] = NullableNumber("The grid's cell side, m."),
                ["referencePowerDbm"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    Description = "The range of the fitted transmitter strength A (dBm at 1 m) over the region.",
                    Properties = new Dictionary<string, IOpenApiSchema> { ["min"] = Number(), ["max"] = Number() },
                },
                ["stations"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["latitude"] = Number(),
                            ["longitude"] = Number(),
                            ["powerDbm"] = NullableNumber(),
                            ["sigmaDb"] = NullableNumber(),
                            ["used"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                            ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                        },
                    },
                },
                ["warnings"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["polygons"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "The region's outline: closed rings of [longitude, latitude] (the GeoJSON MultiPolygon's polygons, one ring each).",
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Number() },
                    },
                },
            },
        };
    }
}
