using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Security;

/// <summary>
/// Authenticates the caller by the key in <see cref="ApiKeyDefaults.Header"/>: its name becomes the identity, its list
/// (<c>Api:Keys</c> or <c>Api:ReadKeys</c>) its scope. No header: no identity (the policy decides). A key that matches
/// none: a failure (401). Keys are compared by their SHA-256 in constant time.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
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

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.Header}\"";
        return base.HandleChallengeAsync(properties);
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
