using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Heimdall.Repository.Tests;

/// <summary>YAML documents as JSON nodes (every scalar a string), which NUnit and LINQ read easily.</summary>
public static class Yaml
{
    public static List<JsonObject> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>().ToList();
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Value: null or "~" } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    /// <summary>The string at a dotted path (e.g. "metadata.name"), or null.</summary>
    public static string? Text(this JsonNode? node, string path) => Walk(node, path)?.GetValue<string>();

    public static JsonNode? Walk(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
        }

        return node;
    }

    /// <summary>The node as JSON with every object's keys in order (kustomize sorts them; YAML does not care).</summary>
    public static string Canonical(this JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    public static IEnumerable<JsonNode> Items(this JsonNode? node, string path) => Walk(node, path) is JsonArray a ? a.OfType<JsonNode>() : [];
}
