using System.ComponentModel.DataAnnotations;

namespace Heimdall.Api;

/// <summary>Section <c>Api</c>: who may call, and the bounds of a query.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>Keys that may read and write, by the caller's name (<c>Api:Keys:ops = …</c>; env <c>Api__Keys__ops</c>).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Keys that may only read (a write with one is 403).</summary>
    public Dictionary<string, string> ReadKeys { get; set; } = [];

    /// <summary>When true, GET needs no key (writes always do).</summary>
    public bool AllowAnonymousReads { get; set; }

    [Range(1, 100_000, ErrorMessage = "Api:MaxLimit must be between 1 and 100000.")]
    public int MaxLimit { get; set; } = 1000;

    /// <summary>The longest window of a query (hours back, from–to), in hours.</summary>
    [Range(1, 24 * 3660, ErrorMessage = "Api:MaxWindowHours must be between 1 and 87840.")]
    public int MaxWindowHours { get; set; } = 24 * 31;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in Keys.Select(k => ("Keys", k)).Concat(ReadKeys.Select(k => ("ReadKeys", k))))
        {
            if (key.Value is not { Length: >= MinimumKeyLength })
            {
                yield return new ValidationResult($"Api:{name}:{key.Key} must be at least {MinimumKeyLength} characters long.");
            }
        }
    }

    public const int MinimumKeyLength = 16;
}
