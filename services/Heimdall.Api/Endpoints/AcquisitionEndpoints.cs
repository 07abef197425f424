using System.Globalization;
using System.Security.Claims;
using Heimdall.Api.Contracts;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Acquisitions;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Endpoints;

/// <summary><c>/api/acquisitions</c>: request one (published as <see cref="AcquisitionRequested"/>), list them, show one.</summary>
internal static class AcquisitionEndpoints
{
    public static IEndpointRouteBuilder MapAcquisitionEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/acquisitions").WithTags("Acquisitions");
        group.MapGet("", RecentAsync).RequireAuthorization(ApiPolicies.Read).WithName("ListAcquisitions")
            .WithSummary("Recent acquisitions, the most recently requested first")
            .WithDescription("Requests not yet claimed by the Acquirer are listed with status requested.");
        group.MapGet("/{id}", FindAsync).RequireAuthorization(ApiPolicies.Read).WithName("GetAcquisition")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One acquisition: status, timings, every receiver's outcome with its recording, and the measurements")
            .WithDescription("Answers from the moment POST /api/acquisitions returned 202: status requested until the Acquirer claims it.");
        group.MapPost("", RequestAsync).AsWrite(withBody: true).WithName("RequestAcquisition")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Requests an acquisition: validated as the Acquirer does, then published as AcquisitionRequested")
            .WithDescription("202 with Location: the request is recorded (status requested) before it is published, so the Location answers at once; follow its status there.");
        return api;
    }

    private static async Task<Results<Accepted<AcquisitionAccepted>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        AcquisitionRequestBody body, RequestValidator validator, ReceiverDirectory directory, AcquisitionRequests requests,
        IPublishEndpoint publisher, ClaimsPrincipal caller, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var logger = logs.CreateLogger(typeof(AcquisitionEndpoints));
        var who = caller.Identity?.Name ?? "?";
        var problems = new InputProblems();
        if (body.AcquisitionId == Guid.Empty)
        {
            problems.Add("acquisitionId", "acquisitionId must not be all zeros (leave it out to have one generated).");
        }

        var request = new AcquisitionRequested
        {
            AcquisitionId = body.AcquisitionId is { } id && id != Guid.Empty ? id : Guid.NewGuid(),
            FrequencyHz = body.FrequencyHz ?? 0,
            DurationSeconds = body.DurationSeconds ?? 0,
            SampleRateHz = body.SampleRateHz,
            StartAtUtc = body.StartAtUtc,
            ReceiverIds = body.ReceiverIds,
            RequestedBy = body.RequestedBy ?? who,
        };
        var (plan, reasons) = validator.Validate(request, await directory.LoadAsync(cancellationToken));
        foreach (var reason in reasons)
        {
            problems.AddReason(reason);
        }

        if (problems.Any || plan is null)
        {
            ApiLog.AcquisitionRefused(logger, who, reasons);
            return problems.ToValidationProblem("The request breaks the acquisition rules (docs/contracts.md): nothing was published.");
        }

        // Recorded before it is published, so that the Location answers from the first moment (status requested).
        if (!await requests.TryRecordAsync(plan, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Acquisition id already used.",
                detail: $"acquisitionId {request.AcquisitionId} is already recorded: see /api/acquisitions/{request.AcquisitionId}.");
        }

        try
        {
            await publisher.Publish(request, cancellationToken);
        }
        catch
        {
            // Not published: the same id may be sent again.
            await requests.ForgetAsync(request.AcquisitionId, CancellationToken.None);
            throw;
        }

        ApiLog.AcquisitionPublished(logger, request.AcquisitionId, who);
        return TypedResults.Accepted($"/api/acquisitions/{request.AcquisitionId}", new AcquisitionAccepted(
            request.AcquisitionId, AcquisitionStates.Requested, [.. plan.Receivers.Select(r => r.ReceiverId)], plan.StartAtUtc));
    }

    private static async Task<Results<Ok<IReadOnlyList<AcquisitionSummary>>, ValidationProblem>> RecentAsync(
        AcquisitionQueries acquisitions, IOptionsSnapshot<ApiOptions> options, [FromQuery] string? status, [FromQuery] int? limit,
        CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        var take = limit ?? QueryDefaults.AcquisitionLimit;
        if (take < 1 || take > options.Value.MaxLimit)
        {
            problems.Add("limit", string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {options.Value.MaxLimit} (got {take})."));
        }

        if (status is not null && !AcquisitionStatuses.All.Contains(status, StringComparer.Ordinal))
        {
            problems.Add("status", $"status must be one of {string.Join(", ", AcquisitionStatuses.All)} (got '{status}').");
        }

        if (problems.Any)
        {
            return problems.ToValidationProblem();
        }

        return TypedResults.Ok(await acquisitions.RecentAsync(status, take, cancellationToken));
    }

    private static async Task<Results<Ok<AcquisitionResponse>, ProblemHttpResult>> FindAsync(
        Guid id, AcquisitionQueries acquisitions, CancellationToken cancellationToken) =>
        await acquisitions.FindAsync(id, cancellationToken) is { } detail
            ? TypedResults.Ok(AcquisitionResponse.From(detail))
            : UnknownResource.Acquisition(id);
}
