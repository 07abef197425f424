using Heimdall.Api.Security;
using Heimdall.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Heimdall.Api.Endpoints;

/// <summary><c>/api/status</c>: the database answers, its version, TimescaleDB, the schema version.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/status", async (DatabaseStatus status, CancellationToken ct) => TypedResults.Ok(await status.CheckAsync(ct)))
            .WithTags("Status").RequireAuthorization(ApiPolicies.Read).WithName("GetStatus")
            .WithSummary("The database connection check: server version, TimescaleDB version (null: plain PostgreSQL), schema version");
        return api;
    }
}
