using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Security;

internal static class SecurityRegistration
{
    /// <summary>The API-key scheme and the read and write policies.</summary>
    public static IServiceCollection AddApiSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddSingleton<IAuthorizationHandler, ReadAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Write, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyDefaults.ScopeClaim, ApiKeyDefaults.WriteScope))
            .AddPolicy(ApiPolicies.Read, p => p.AddRequirements(new ReadAccessRequirement()));
        return services;
    }
}

/// <summary>
/// Reading needs a known key, or no key at all where <c>Api:AllowAnonymousReads</c>: a key that is sent but unknown is
/// refused (401) even then, so that a misconfigured client learns of it at its first read, not at its first write.
/// </summary>
internal sealed class ReadAccessRequirement : IAuthorizationRequirement;

internal sealed class ReadAccessHandler(IOptionsMonitor<ApiOptions> options) : AuthorizationHandler<ReadAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAccessRequirement requirement)
    {
        var keySent = context.Resource is HttpContext http && http.Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var key) && !string.IsNullOrEmpty(key.ToString());
        if (context.User.Identity?.IsAuthenticated == true || (options.CurrentValue.AllowAnonymousReads && !keySent))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
