using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Heimdall.Messaging;

/// <summary>
/// Incoming JSON may omit members that C# publishers must set (<c>required</c>): the consumer then reports every missing
/// field by name in one rejection instead of the deserializer failing on the first one. An omitted member keeps the value
/// its initializer gives it, which is how an additive field reads for messages from older producers
/// (<c>SignalMetrics.SignalDetected</c> is true when absent).
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
