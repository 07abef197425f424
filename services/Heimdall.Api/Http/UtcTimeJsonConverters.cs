using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heimdall.Api.Http;

/// <summary>Every <see cref="DateTimeOffset"/> of a body: read as <see cref="IsoTime"/> (an offset required), written in UTC with <c>Z</c>.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected {IsoTime.Expectation}");
        }

        var text = reader.GetString()!;
        return IsoTime.TryParse(text, out var problem) ?? throw new JsonException(problem);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(IsoTime.Format(value));
}

/// <summary>Every <see cref="DateTime"/> (the database's timestamptz, UTC): written as <see cref="UtcDateTimeOffsetConverter"/> writes.</summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new UtcDateTimeOffsetConverter().Read(ref reader, typeof(DateTimeOffset), options).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(IsoTime.Format(value));
}
