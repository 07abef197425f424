using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Heimdall.Api.Problems;
using Microsoft.AspNetCore.Mvc;

namespace Heimdall.Api.Http;

/// <summary>Marks the endpoints (the <c>/api</c> group) whose query and route values are checked before they are bound.</summary>
public sealed class StrictInputs;

/// <summary>
/// Checks a request's query parameters and route values against what its endpoint declares, before the binder reads
/// them: an unknown query parameter (<c>receiver=3</c> for <c>receiverId</c>), one given twice or empty, and a value
/// that is not of its type (a number, true/false, a GUID, an ISO 8601 time with an offset) are a 400 validation
/// problem keyed by the parameter's name, in the API's words (never a .NET type name). Runs after authorization, so
/// that a caller without a key learns that first.
/// </summary>
internal sealed class StrictInputsMiddleware(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Endpoint, EndpointInputs> Inputs = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<StrictInputs>() is not null)
        {
            var problems = Inputs.GetOrAdd(endpoint, EndpointInputs.Of).Check(context.Request);
            if (problems.Any)
            {
                await problems.ToValidationProblem().ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}

/// <summary>The query parameters (<c>[FromQuery]</c>) and route values of an endpoint's handler, with their types.</summary>
internal sealed class EndpointInputs
{
    private readonly Dictionary<string, Type> _query;
    private readonly Dictionary<string, Type> _route;

    private EndpointInputs(Dictionary<string, Type> query, Dictionary<string, Type> route)
    {
        _query = query;
        _route = route;
    }

    public static EndpointInputs Of(Endpoint endpoint)
    {
        var query = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        var route = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        var routeNames = ((RouteEndpoint)endpoint).RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [])
        {
            if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } fromQuery)
            {
                query[fromQuery.Name ?? parameter.Name!] = parameter.ParameterType;
            }
            else if (parameter.Name is { } name && routeNames.Contains(name))
            {
                route[name] = parameter.ParameterType;
            }
        }

        return new EndpointInputs(query, route);
    }

    public InputProblems Check(HttpRequest request)
    {
        var problems = new InputProblems();
        foreach (var (name, type) in _route)
        {
            if (request.RouteValues[name] is string value && Describe(type, value) is { } problem)
            {
                problems.Add(name, $"{name} {problem}.");
            }
        }

        foreach (var (name, values) in request.Query)
        {
            if (!_query.TryGetValue(name, out var type))
            {
                problems.Add(name, Unknown(name));
            }
            else if (values.Count > 1)
            {
                problems.Add(name, $"{name} is given {values.Count} times; give it once.");
            }
            else if (string.IsNullOrEmpty(values[0]))
            {
                problems.Add(name, $"{name} has no value: give one, or leave {name} out.");
            }
            else if (Describe(type, values[0]!) is { } problem)
            {
                problems.Add(name, $"{name} {problem}.");
            }
        }

        return problems;
    }

    private string Unknown(string name)
    {
        var known = _query.Keys.Order(StringComparer.Ordinal).ToList();
        var takes = known.Count == 0 ? "it takes no query parameters" : "it takes " + string.Join(", ", known);
        var close = known.FirstOrDefault(k => k.StartsWith(name, StringComparison.OrdinalIgnoreCase) || name.StartsWith(k, StringComparison.OrdinalIgnoreCase));
        return $"{name} is not a parameter of this operation ({takes}){(close is null ? "" : $"; did you mean {close}?")}";
    }

    /// <summary>Why <paramref name="value"/> is not a <paramref name="type"/> (after the parameter's name), or null when it is one.</summary>
    public static string? Describe(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        const NumberStyles Decimal = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (type == typeof(int) || type == typeof(long))
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                   && (type == typeof(long) || whole is >= int.MinValue and <= int.MaxValue)
                ? null
                : $"must be a whole number (got {Quote(value)})";
        }

        if (type == typeof(double))
        {
            return double.TryParse(value, Decimal, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? null
                : $"must be a number such as 145.5e6 or 0.5 (got {Quote(value)})";
        }

        if (type == typeof(bool))
        {
            return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
                ? null
                : $"must be true or false (got {Quote(value)})";
        }

        if (type == typeof(Guid))
        {
            return Guid.TryParse(value, out _) ? null : $"must be an id such as 6f9619ff-8b86-d011-b42d-00cf4fc964ff (got {Quote(value)})";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return IsoTime.TryParse(value, out var problem) is null ? problem : null;
        }

        return null;
    }

    /// <summary>A value as a problem quotes it: at most 100 characters.</summary>
    public static string Quote(string value) => value.Length <= 100 ? $"'{value}'" : $"'{value[..100]}…' ({value.Length} characters)";
}
