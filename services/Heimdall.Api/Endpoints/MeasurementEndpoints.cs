using System.Globalization;
using System.Security.Claims;
using Heimdall.Api.Contracts;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Endpoints;

/// <summary><c>/api/measurements/recent</c>, <c>/api/acquisitions/{id}/measurements</c>, and retention on demand.</summary>
internal static class MeasurementEndpoints
{
    public static IEndpointRouteBuilder MapMeasurementEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Measurements");
        group.MapGet("/measurements/recent", RecentAsync).RequireAuthorization(ApiPolicies.Read).WithName("GetRecentMeasurements")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Recent measurements, newest first, with keyset pagination")
            .WithDescription("Ordered by (capturedAt, acquisitionId, receiverId) descending. Pass nextCursor back as cursor for the next page; a row inserted meanwhile never shifts a page.");
        group.MapGet("/acquisitions/{id}/measurements", ForAcquisitionAsync).RequireAuthorization(ApiPolicies.Read).WithName("GetAcquisitionMeasurements")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The measurements of one acquisition, by receiver");
        group.MapDelete("/measurements", DeleteOlderAsync).AsWrite(withBody: false)
            .WithName("DeleteOldMeasurements").WithSummary("Deletes the measurements captured more than olderThanDays days ago; returns how many");
        return api;
    }

    private static async Task<Results<Ok<MeasurementPageResponse>, ValidationProblem, ProblemHttpResult>> RecentAsync(
        MeasurementQueries queries, IOptionsSnapshot<ApiOptions> options, TimeProvider clock,
        [FromQuery] int? receiverId, [FromQuery] double? minFrequencyHz, [FromQuery] double? maxFrequencyHz,
        [FromQuery] double? hours, [FromQuery] bool? signalDetected, [FromQuery] int? limit, [FromQuery] string? cursor,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var problems = new InputProblems();
        var take = limit ?? QueryDefaults.RecentLimit;
        if (take < 1 || take > settings.MaxLimit)
        {
            problems.Add("limit", string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {settings.MaxLimit} (got {take})."));
        }

        if (minFrequencyHz is { } min && (!(min > 0) || !double.IsFinite(min)))
        {
            problems.Add("minFrequencyHz", string.Create(CultureInfo.InvariantCulture, $"minFrequencyHz must be > 0 (got {min})."));
        }

        if (maxFrequencyHz is { } max && (!(max > 0) || !double.IsFinite(max)))
        {
            problems.Add("maxFrequencyHz", string.Create(CultureInfo.InvariantCulture, $"maxFrequencyHz must be > 0 (got {max})."));
        }

        if (minFrequencyHz > maxFrequencyHz)
        {
            problems.Add("minFrequencyHz", string.Create(CultureInfo.InvariantCulture, $"minFrequencyHz must be ≤ maxFrequencyHz (got {minFrequencyHz} > {maxFrequencyHz})."));
        }

        var (since, _) = QueryWindow.Resolve(hours, null, null, settings, clock, problems);
        MeasurementCursor? after = null;
        if (cursor is not null && (after = MeasurementCursor.TryDecode(cursor)) is null)
        {
            problems.Add("cursor", "cursor is not one this API returned (pass nextCursor as it is).");
        }

        ReceiverFilter.Check(receiverId, problems);

        if (problems.Any)
        {
            return problems.ToValidationProblem();
        }

        if (await ReceiverFilter.UnknownAsync(receiverId, queries, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var page = await queries.RecentAsync(new RecentMeasurementsQuery
        {
            ReceiverId = receiverId, MinFrequencyHz = minFrequencyHz, MaxFrequencyHz = maxFrequencyHz, Since = since,
            SignalDetected = signalDetected, Limit = take, After = after,
        }, cancellationToken);
        return TypedResults.Ok(new MeasurementPageResponse(page.Items, page.Next?.Encode()));
    }

    private static async Task<Results<Ok<IReadOnlyList<Measurement>>, ProblemHttpResult>> ForAcquisitionAsync(
        Guid id, AcquisitionQueries acquisitions, MeasurementQueries measurements, CancellationToken cancellationToken)
    {
        if (!await acquisitions.ExistsAsync(id, cancellationToken))
        {
            return UnknownResource.Acquisition(id);
        }

        return TypedResults.Ok(await measurements.ForAcquisitionAsync(id, cancellationToken));
    }

    private static async Task<Results<Ok<RetentionResult>, ValidationProblem>> DeleteOlderAsync(
        MeasurementRetention retention, ClaimsPrincipal caller, ILoggerFactory logs, [FromQuery] int? olderThanDays, CancellationToken cancellationToken)
    {
        if (olderThanDays is not >= QueryDefaults.MinRetentionDays)
        {
            var problems = new InputProblems();
            problems.Add("olderThanDays", string.Create(CultureInfo.InvariantCulture, $"olderThanDays is required and must be ≥ {QueryDefaults.MinRetentionDays} (got {olderThanDays?.ToString(CultureInfo.InvariantCulture) ?? "nothing"})."));
            return problems.ToValidationProblem();
        }

        var deleted = await retention.DeleteOlderThanAsync(olderThanDays.Value, cancellationToken);
        var logger = logs.CreateLogger(typeof(MeasurementEndpoints));
        var who = caller.Identity?.Name ?? "?";
        ApiLog.MeasurementsDeleted(logger, deleted, olderThanDays.Value, who);
        return TypedResults.Ok(new RetentionResult(deleted, olderThanDays.Value));
    }
}
