using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Heimdall.ServiceDefaults.Messaging;

/// <summary>
/// Incoming JSON may omit members that C# publishers must set (<c>required</c>): the consumer then reports every missing
/// field by name in one rejection instead of the deserializer failing on the first one.
/// </summary>
public static class LenientRequiredMembers
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        var resolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        options.TypeInfoResolver = resolver.WithAddedModifier(typeInfo =>
        {
            foreach (var property in typeInfo.Properties)
            {
                property.IsRequired = false;
            }
        });
        return options;
    }
}
