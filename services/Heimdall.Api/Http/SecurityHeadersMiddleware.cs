using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Heimdall.Api.Http;

/// <summary>
/// On every response: <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>, and the
/// Content-Security-Policy and default Cache-Control of the request's part of the site (<see cref="HeaderPolicyOptions"/>).
/// Set when the response starts, so that a page's nonce (generated while it renders) is known.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptionsMonitor<HeaderPolicyOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (http, settings) = ((HttpContext, HeaderPolicyOptions))state;
            var headers = http.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (settings.For(http.Request.Path) is not { } policy)
            {
                return Task.CompletedTask;
            }

            if (policy.ContentSecurityPolicy is { } csp)
            {
                headers[HeaderNames.ContentSecurityPolicy] = csp.Contains(HeaderPolicyOptions.NoncePlaceholder, StringComparison.Ordinal)
                    ? WithNonce(csp, http.Items[settings.NonceItemKey] as string)
                    : csp;
            }

            if (policy.CacheControl is { } cache && !headers.ContainsKey(HeaderNames.CacheControl))
            {
                headers[HeaderNames.CacheControl] = cache;
            }

            return Task.CompletedTask;
        }, (context, options.CurrentValue));
        return next(context);
    }

    /// <summary>The policy with the page's nonce; without one (a response that rendered no inline script), the source is dropped.</summary>
    private static string WithNonce(string policy, string? nonce) => nonce is { Length: > 0 }
        ? policy.Replace(HeaderPolicyOptions.NoncePlaceholder, nonce, StringComparison.Ordinal)
        : policy.Replace(" 'nonce-" + HeaderPolicyOptions.NoncePlaceholder + "'", "", StringComparison.Ordinal);
}
