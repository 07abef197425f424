using System.ComponentModel.DataAnnotations;

namespace Heimdall.Api.Http;

/// <summary>
/// Section <c>Api:Headers</c>: the response headers each part of the site gets, by path prefix (the longest prefix that
/// matches a request's path wins). A part added later gets its own entry here, in code or in configuration
/// (<c>Api:Headers:Paths:/reports:ContentSecurityPolicy</c>).
/// </summary>
public sealed class HeaderPolicyOptions : IValidatableObject
{
    public const string Section = "Api:Headers";

    /// <summary>In a policy, replaced by the request's nonce (<see cref="NonceItemKey"/>), for a page that must run one inline script.</summary>
    public const string NoncePlaceholder = "{nonce}";

    /// <summary>The path prefixes and their headers. Configuration adds to these defaults or changes them.</summary>
    public Dictionary<string, PathHeaders> Paths { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // JSON and problem details: nothing may load or frame them; never cached (a key may have been needed).
        ["/api"] = new() { ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'", CacheControl = "no-store" },
        ["/openapi"] = new() { ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'", CacheControl = "no-cache" },
        ["/health"] = new() { ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'", CacheControl = "no-store" },

        // The reference page: its script, styles and document from this server only (no fonts, proxy or service on the
        // internet); its one inline module script carries the nonce.
        ["/scalar"] = new()
        {
            ContentSecurityPolicy = "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; " +
                                    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
                                    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            CacheControl = "no-cache",
        },

        // Everything else: the console (static pages, ES modules, the map drawn from bundled data). This server's own
        // files only, no inline script or style, images only its own or drawn in the page (data:), requests only to itself.
        ["/"] = new() { ContentSecurityPolicy = ConsolePolicy, CacheControl = "no-cache" },

        // The vendored libraries and map data, in a folder per pinned version: never change under their URL.
        [ConsoleAssets.VendorPath] = new() { ContentSecurityPolicy = ConsolePolicy, CacheControl = "public, max-age=31536000, immutable" },
    };

    /// <summary>The console's policy: no inline script or style, nothing from another origin.</summary>
    public const string ConsolePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Where a page's nonce is taken from (<c>HttpContext.Items</c>); the reference page's generator puts it there.</summary>
    public string NonceItemKey { get; set; } = Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey;

    /// <summary>The headers of the longest prefix of <paramref name="path"/> (segment-wise: <c>/api</c> covers <c>/api/x</c>, not <c>/apix</c>).</summary>
    public PathHeaders? For(PathString path)
    {
        PathHeaders? best = null;
        var length = -1;
        foreach (var (prefix, headers) in Paths)
        {
            var trimmed = prefix.TrimEnd('/');
            if (trimmed.Length > length && (trimmed.Length == 0 || path.StartsWithSegments(trimmed, StringComparison.OrdinalIgnoreCase)))
            {
                best = headers;
                length = trimmed.Length;
            }
        }

        return best;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (prefix, headers) in Paths)
        {
            if (!prefix.StartsWith('/'))
            {
                yield return new ValidationResult($"{Section}:Paths:{prefix}: a path prefix starts with '/'.");
            }

            if (headers.ContentSecurityPolicy is { } policy && (policy.Contains('\n', StringComparison.Ordinal) || policy.Contains('\r', StringComparison.Ordinal)))
            {
                yield return new ValidationResult($"{Section}:Paths:{prefix}:ContentSecurityPolicy must be one line.");
            }
        }
    }
}

/// <summary>The headers of one part of the site; null leaves the header out (Cache-Control: as the endpoint set it).</summary>
public sealed class PathHeaders
{
    public string? ContentSecurityPolicy { get; set; }

    /// <summary>Set when the endpoint set none (recordings set their own).</summary>
    public string? CacheControl { get; set; }
}
