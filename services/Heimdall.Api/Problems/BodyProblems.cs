using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heimdall.Api.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Heimdall.Api.Problems;

/// <summary>
/// A body the binder could not read, in the API's words: a missing body, a body that is not JSON, or a field of the
/// wrong type (named by its JSON path, with what it must be), a body too large, a media type other than JSON. Never a
/// .NET type name: the problem names the field as the OpenAPI document does.
/// </summary>
internal static class BodyProblems
{
    public static ProblemDetails Describe(HttpContext context, BadHttpRequestException bad)
    {
        var request = context.Request;
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return Problem(bad.StatusCode, "The body is too large.",
                    "The body is larger than this server reads (Kestrel's MaxRequestBodySize); a request to this API is a small JSON object.");
            case StatusCodes.Status415UnsupportedMediaType:
                return Problem(bad.StatusCode, "The body must be JSON.", NotJson(request));
        }

        if (bad.InnerException is JsonException json)
        {
            return Field(context, json);
        }

        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return Validation("body", "This operation needs a JSON body (Content-Type: application/json); none was sent.");
        }

        return Problem(StatusCodes.Status400BadRequest, "The request could not be read.",
            "The request does not match this operation: see its parameters and body in /openapi/v1.json.");
    }

    /// <summary>What a 415 says: the body must be sent as JSON, and what was sent.</summary>
    public static string NotJson(HttpRequest request) =>
        $"Send the body as JSON with Content-Type: application/json (got {(request.ContentType is { Length: > 0 } type ? $"'{type}'" : "no Content-Type")}).";

    /// <summary>A JSON error: malformed JSON (with its line and position), or the field at its path and what it must be.</summary>
    private static HttpValidationProblemDetails Field(HttpContext context, JsonException json)
    {
        var position = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        if (json.InnerException?.GetType().Name == "JsonReaderException" || string.IsNullOrEmpty(json.Path) || json.Path == "$")
        {
            var root = BodyType(context) is { } type ? Expectation(type) : "a JSON object";
            return Validation("body", $"The body must be {root}: it is not readable JSON of that shape{position}.");
        }

        var path = json.Path[2..];
        var field = path.Split('[', '.')[0];
        var expected = BodyType(context) is { } body && TypeAt(body, path) is { } target
            ? Expectation(target)
            : "of the type the schema gives";
        return Validation(field, $"{path} must be {expected}{position}.");
    }

    /// <summary>The body's type, from the endpoint that threw (the exception handler has cleared the request's endpoint).</summary>
    private static Type? BodyType(HttpContext context) =>
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    /// <summary>The .NET type at a JSON path such as <c>receiverIds[0]</c> or <c>bands[1].minFrequencyHz</c> of <paramref name="root"/>.</summary>
    private static Type? TypeAt(Type root, string path)
    {
        var type = root;
        foreach (var step in path.Replace("]", "", StringComparison.Ordinal).Split('.'))
        {
            var parts = step.Split('[');
            var property = type.GetProperty(parts[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            for (var index = 1; index < parts.Length; index++)
            {
                if (ElementOf(type) is not { } element)
                {
                    return null;
                }

                type = element;
            }
        }

        return type;
    }

    private static Type? ElementOf(Type type) => type.IsArray
        ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>What a value of <paramref name="type"/> looks like in JSON, as the OpenAPI document says it.</summary>
    private static string Expectation(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(Guid) => "an id such as 6f9619ff-8b86-d011-b42d-00cf4fc964ff",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => IsoTime.Expectation,
            _ when type == typeof(JsonObject) => "a JSON object",
            _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && ElementOf(type) is { } element => $"a list, each item {Expectation(element)}",
            _ => "a JSON object",
        };
    }

    private static HttpValidationProblemDetails Validation(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] })
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The body could not be read.",
        Detail = message,
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
