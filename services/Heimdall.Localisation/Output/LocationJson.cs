using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heimdall.Localisation.Output;

/// <summary>
/// The JSON of an estimate as the CLI prints it and the API will return it: camelCase, nulls written, indented.
/// <see cref="Serialize"/> gives the estimate (without its heat map), <see cref="HeatMap"/> the map on its own. Text is
/// written as it is (µ, σ, χ², apostrophes), not as \u escapes: the output is for files and terminals, never inlined into HTML.
/// </summary>
public static class LocationJson
{
    private static readonly LocationJsonContext Context = new(new JsonSerializerOptions(LocationJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(LocationEstimate estimate) => JsonSerializer.Serialize(estimate, Context.LocationEstimate);

    public static LocationEstimate? Deserialize(string json) => JsonSerializer.Deserialize(json, Context.LocationEstimate);

    /// <summary>The likelihood map: its grid (south, west, north, east, rows, cols) and values (row-major from the south-west corner), one decimal.</summary>
    public static string HeatMap(LikelihoodMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rounded = map with { Values = map.Values.Select(v => MathF.Round(v, 1)).ToArray() };
        return JsonSerializer.Serialize(rounded, Context.LikelihoodMap);
    }
}

/// <summary>camelCase, indented, nulls written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(LocationEstimate))]
[JsonSerializable(typeof(LikelihoodMap))]
public sealed partial class LocationJsonContext : JsonSerializerContext;
