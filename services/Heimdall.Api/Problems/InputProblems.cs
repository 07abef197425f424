using Microsoft.AspNetCore.Http.HttpResults;

namespace Heimdall.Api.Problems;

/// <summary>
/// Collects what is wrong with a request's inputs, by parameter or field name, and answers it as one RFC 9457
/// validation problem (400, <c>errors</c> keyed by the name).
/// </summary>
public sealed class InputProblems
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string name, string message)
    {
        if (!_errors.TryGetValue(name, out var messages))
        {
            _errors[name] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds <paramref name="reason"/> under the field it starts with (the rules' messages name their field first).</summary>
    public void AddReason(string reason)
    {
        var end = reason.IndexOfAny([' ', ':', '[']);
        Add(end > 0 ? reason[..end] : "request", reason);
    }

    public ValidationProblem ToValidationProblem(string? detail = null) => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), detail: detail ?? "The request has invalid inputs: see errors, keyed by parameter or field.");
}
