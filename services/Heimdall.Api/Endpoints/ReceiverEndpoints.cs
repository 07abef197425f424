using System.Globalization;
using System.Security.Claims;
using Heimdall.Api.Contracts;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Receivers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Endpoints;

/// <summary><c>/api/receivers</c>: the registry. Reads list and show; writes add, replace, enable, disable and remove.</summary>
internal static class ReceiverEndpoints
{
    public static IEndpointRouteBuilder MapReceiverEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/receivers").WithTags("Receivers");
        group.MapGet("", ListAsync).RequireAuthorization(ApiPolicies.Read).WithName("ListReceivers")
            .WithSummary("Every receiver with its bands, last capture and health");
        group.MapGet("/{id}", FindAsync).RequireAuthorization(ApiPolicies.Read).WithName("GetReceiver").WithSummary("One receiver")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/health", HealthAsync).RequireAuthorization(ApiPolicies.Read).WithName("GetReceiverHealth")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A receiver's health history: every probe over the last hours, oldest first")
            .WithDescription("The probes the Acquirer recorded (ReceiverHealth:IntervalMinutes apart, kept ReceiverHealth:RetentionDays): reachable, latency, users, GNSS, detail.");
        group.MapPost("", AddAsync).AsWrite(withBody: true).WithName("AddReceiver")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Adds a receiver (receiverId absent: one more than the largest)");
        group.MapPut("/{id}", ReplaceAsync).AsWrite(withBody: true).WithName("ReplaceReceiver")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Replaces every field and band of a receiver (its id stays: receiverId in the body is ignored)");
        group.MapPost("/{id}/enable", (int id, ReceiverRegistry registry, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken ct) =>
                SetEnabledAsync(id, true, registry, caller, logs, ct))
            .AsWrite(withBody: false).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("EnableReceiver").WithSummary("Enables a receiver: the next acquisitions use it");
        group.MapPost("/{id}/disable", (int id, ReceiverRegistry registry, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken ct) =>
                SetEnabledAsync(id, false, registry, caller, logs, ct))
            .AsWrite(withBody: false).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DisableReceiver").WithSummary("Disables a receiver: the next acquisitions leave it out");
        group.MapDelete("/{id}", RemoveAsync).AsWrite(withBody: false).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RemoveReceiver").WithSummary("Removes a receiver and its bands (its measurements stay)");
        return api;
    }

    private static async Task<Ok<List<ReceiverResponse>>> ListAsync(ReceiverRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.ListAsync(cancellationToken)).Select(ReceiverResponse.From).ToList());

    private static async Task<Results<Ok<ReceiverResponse>, ProblemHttpResult>> FindAsync(int id, ReceiverRegistry registry, CancellationToken cancellationToken) =>
        await registry.FindAsync(id, cancellationToken) is { } status ? TypedResults.Ok(ReceiverResponse.From(status)) : UnknownResource.Receiver(id);

    private static async Task<Results<Ok<ReceiverHealthHistory>, ValidationProblem, ProblemHttpResult>> HealthAsync(
        int id, ReceiverRegistry registry, ReceiverHealthLog health, TimeProvider clock, IOptionsSnapshot<ApiOptions> options,
        [FromQuery] double? hours, CancellationToken cancellationToken)
    {
        var window = hours ?? QueryDefaults.HealthHours;
        if (!(window > 0) || window > options.Value.MaxWindowHours)
        {
            var problems = new InputProblems();
            problems.Add("hours", string.Create(CultureInfo.InvariantCulture, $"hours must be above 0 and at most {options.Value.MaxWindowHours} (got {window})."));
            return problems.ToValidationProblem();
        }

        if (await registry.FindAsync(id, cancellationToken) is null)
        {
            return UnknownResource.Receiver(id);
        }

        var to = clock.GetUtcNow();
        var from = to - TimeSpan.FromHours(window);
        return TypedResults.Ok(new ReceiverHealthHistory(id, from, to, await health.HistoryAsync(id, from, to, cancellationToken)));
    }

    private static async Task<Results<Created<ReceiverResponse>, ValidationProblem, ProblemHttpResult>> AddAsync(
        ReceiverBody body, ReceiverRegistry registry, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var (definition, missing) = body.ToDefinition();
        if (missing.Count > 0)
        {
            return Missing(missing);
        }

        try
        {
            var id = await registry.AddAsync(body.ReceiverId, definition, cancellationToken);
            Log(logs, id, "added", caller);
            var added = await registry.FindAsync(id, cancellationToken);
            return TypedResults.Created($"/api/receivers/{id}", ReceiverResponse.From(added!));
        }
        catch (InvalidReceiverException ex)
        {
            return Invalid(ex);
        }
        catch (ReceiverConflictException ex)
        {
            return Conflict(ex);
        }
    }

    private static async Task<Results<Ok<ReceiverResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        int id, ReceiverBody body, ReceiverRegistry registry, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var (definition, missing) = body.ToDefinition();
        if (missing.Count > 0)
        {
            return Missing(missing);
        }

        try
        {
            if (!await registry.ReplaceAsync(id, definition, cancellationToken))
            {
                return UnknownResource.Receiver(id);
            }
        }
        catch (InvalidReceiverException ex)
        {
            return Invalid(ex);
        }
        catch (ReceiverConflictException ex)
        {
            return Conflict(ex);
        }

        Log(logs, id, "replaced", caller);
        return TypedResults.Ok(ReceiverResponse.From((await registry.FindAsync(id, cancellationToken))!));
    }

    private static async Task<Results<Ok<ReceiverResponse>, ProblemHttpResult>> SetEnabledAsync(
        int id, bool enabled, ReceiverRegistry registry, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!await registry.SetEnabledAsync(id, enabled, cancellationToken))
        {
            return UnknownResource.Receiver(id);
        }

        Log(logs, id, enabled ? "enabled" : "disabled", caller);
        return TypedResults.Ok(ReceiverResponse.From((await registry.FindAsync(id, cancellationToken))!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        int id, ReceiverRegistry registry, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!await registry.RemoveAsync(id, cancellationToken))
        {
            return UnknownResource.Receiver(id);
        }

        Log(logs, id, "removed", caller);
        return TypedResults.NoContent();
    }

    private static ValidationProblem Missing(IReadOnlyList<string> fields)
    {
        var problems = new InputProblems();
        foreach (var field in fields)
        {
            problems.Add(field, $"{field} is required.");
        }

        return problems.ToValidationProblem();
    }

    private static ValidationProblem Invalid(InvalidReceiverException ex)
    {
        var problems = new InputProblems();
        foreach (var reason in ex.Reasons)
        {
            problems.AddReason(reason);
        }

        return problems.ToValidationProblem("The receiver breaks the registry's rules: nothing was changed.");
    }

    private static ProblemHttpResult Conflict(ReceiverConflictException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Receiver conflict.", detail: ex.Message);

    private static void Log(ILoggerFactory logs, int id, string change, ClaimsPrincipal caller)
    {
        var logger = logs.CreateLogger(typeof(ReceiverEndpoints));
        var who = caller.Identity?.Name ?? "?";
        ApiLog.ReceiverChanged(logger, id, change, who);
    }
}
