using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Security;

/// <summary>
/// Authenticates the caller by the key in <see cref="ApiKeyDefaults.Header"/>: its name becomes the identity, its list
/// (<c>Api:Keys</c> or <c>Api:ReadKeys</c>) its scope. No header: no identity (the policy decides). A key that matches
/// none: a failure (401). Keys are compared by their SHA-256 in constant time. A refusal is a problem whose
/// <c>reason</c> tells a missing key, an unknown key and a read-only key apart (<see cref="ApiKeyDefaults"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()));
        var settings = api.CurrentValue;
        var match = Find(settings.Keys, presented, ApiKeyDefaults.WriteScope) ?? Find(settings.ReadKeys, presented, ApiKeyDefaults.ReadScope);
        if (match is not { } found)
        {
            ApiLog.UnknownKey(Logger, Context.Connection.RemoteIpAddress?.ToString());
            return Task.FromResult(AuthenticateResult.Fail($"The {ApiKeyDefaults.Header} header holds no known key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, found.Name), new Claim(ApiKeyDefaults.ScopeClaim, found.Scope)], ApiKeyDefaults.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var writes = Writes();
        var (reason, title, detail) = result.Failure is not null
            ? (ApiKeyDefaults.UnknownKey, "Unknown API key.",
                $"The key in the {ApiKeyDefaults.Header} header is not one of this API's keys (Api:Keys, Api:ReadKeys): check it, or send none where reads are open.")
            : (ApiKeyDefaults.MissingKey, "API key required.", writes
                ? $"This operation changes state: send a key of Api:Keys in the {ApiKeyDefaults.Header} header."
                : $"Reading needs a key here (Api:AllowAnonymousReads is off): send a key of Api:Keys or Api:ReadKeys in the {ApiKeyDefaults.Header} header.");
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.Header}\"";
        await WriteAsync(StatusCodes.Status401Unauthorized, reason, title, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status403Forbidden, ApiKeyDefaults.ReadOnlyKey, "Read-only API key.",
            $"The key in the {ApiKeyDefaults.Header} header may only read (Api:ReadKeys); this operation changes state and needs a key of Api:Keys.");

    private bool Writes() => Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiPolicies.Write) == true;

    private async Task WriteAsync(int status, string reason, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { [ApiKeyDefaults.ReasonExtension] = reason } },
        });
    }

    private static (string Name, string Scope)? Find(Dictionary<string, string> keys, byte[] presented, string scope)
    {
        (string, string)? found = null;
        foreach (var (name, key) in keys)
        {
            // Every key is compared, so the time taken does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), presented))
            {
                found = (name, scope);
            }
        }

        return found;
    }
}
