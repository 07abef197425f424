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

/// <summary>Reading needs a key unless <c>Api:AllowAnonymousReads</c>.</summary>
internal sealed class ReadAccessRequirement : IAuthorizationRequirement;

internal sealed class ReadAccessHandler(IOptionsMonitor<ApiOptions> options) : AuthorizationHandler<ReadAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAccessRequirement requirement)
    {
        if (options.CurrentValue.AllowAnonymousReads || context.User.Identity?.IsAuthenticated == true)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
