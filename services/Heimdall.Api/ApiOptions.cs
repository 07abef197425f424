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

    /// <summary>
    /// The longest request target (path and query) answered; a longer one is 414 with a problem body. Kestrel itself
    /// accepts request lines up to <see cref="KestrelRequestLineLimit"/> (beyond that it answers a bare 414).
    /// </summary>
    [Range(256, KestrelRequestLineLimit / 2, ErrorMessage = "Api:MaxUrlLength must be between 256 and 524288.")]
    public int MaxUrlLength { get; set; } = 8192;

    /// <summary>Memory for computed recording spectra (<c>/spectrum</c>), megabytes; the least recently used go first.</summary>
    [Range(1, 16_384, ErrorMessage = "Api:SpectrumCacheMegabytes must be between 1 and 16384.")]
    public int SpectrumCacheMegabytes { get; set; } = 64;

    /// <summary>Cross-origin requests from browsers (off unless origins are listed).</summary>
    public CorsSettings Cors { get; set; } = new();

    public const int KestrelRequestLineLimit = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in Cors.AllowedOrigins.Where(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var uri)
                     && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && !o.EndsWith('/') && uri.Query.Length == 0)))
        {
            yield return new ValidationResult($"Api:Cors:AllowedOrigins holds '{origin}': an origin is scheme://host[:port], without a path or a trailing slash (or * for any).");
        }

        if (Cors.MaxAgeSeconds is < 0 or > 86_400)
        {
            yield return new ValidationResult("Api:Cors:MaxAgeSeconds must be between 0 and 86400.");
        }

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

/// <summary>Section <c>Api:Cors</c>: which browser origins may call the API (none by default: CORS off).</summary>
public sealed class CorsSettings
{
    /// <summary>Origins such as <c>https://console.example.org</c>, or <c>*</c> for any; empty: no CORS headers at all.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer (0..86400, checked by <see cref="ApiOptions"/>).</summary>
    public int MaxAgeSeconds { get; set; } = 600;
}
