using Json.Schema;

namespace Heimdall.Testing;

/// <summary>The SigMF 1.2 metadata and collection schemas (the SigMF project's, copied into Schemas/), as validators.</summary>
public static class SigMfSchemas
{
    private static readonly Lazy<JsonSchema> Meta = new(() => Load("sigmf-schema.json"));
    private static readonly Lazy<JsonSchema> Collection = new(() => Load("sigmf-collection-schema.json"));

    /// <summary>Validation errors of a .sigmf-meta; empty when valid.</summary>
    public static IReadOnlyList<string> ValidateMeta(byte[] json) => Validate(Meta.Value, json);

    /// <summary>Validation errors of a .sigmf-collection; empty when valid.</summary>
    public static IReadOnlyList<string> ValidateCollection(byte[] json) => Validate(Collection.Value, json);

    private static List<string> Validate(JsonSchema schema, byte[] json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                .DefaultIfEmpty("invalid").ToList();
    }

    private static JsonSchema Load(string file) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", file)));
}
