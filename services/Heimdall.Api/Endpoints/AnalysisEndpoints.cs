using System.Globalization;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Data.Measurements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Endpoints;

/// <summary><c>/api/statistics/snr</c> and <c>/api/analysis/frequency-drift</c>.</summary>
internal static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Analysis").RequireAuthorization(ApiPolicies.Read).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/statistics/snr", SnrAsync).WithName("GetSnrStatistics")
            .WithSummary("SNR statistics per receiver over a window: count, detected count, mean, min, max, stddev, p50, p90")
            .WithDescription("From the raw rows; whole days older than a receiver's oldest raw row come from measurements_daily, and source says so.");
        group.MapGet("/analysis/frequency-drift", DriftAsync).WithName("GetFrequencyDrift")
            .WithSummary("Frequency offset over time per receiver and its least-squares drift rate (Hz/hour) with standard error");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<SnrStatistics>>, ValidationProblem, ProblemHttpResult>> SnrAsync(
        SnrStatisticsQuery query, MeasurementQueries measurements, IOptionsSnapshot<ApiOptions> options, TimeProvider clock,
        [FromQuery] int? receiverId, [FromQuery] double? hours, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        ReceiverFilter.Check(receiverId, problems);
        var (start, end) = QueryWindow.Resolve(hours, from, to, options.Value, clock, problems);
        if (problems.Any)
        {
            return problems.ToValidationProblem();
        }

        return await ReceiverFilter.UnknownAsync(receiverId, measurements, cancellationToken) is { } unknown
            ? unknown
            : TypedResults.Ok(await query.RunAsync(receiverId, start, end, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<FrequencyDrift>>, ValidationProblem, ProblemHttpResult>> DriftAsync(
        FrequencyDriftQuery query, MeasurementQueries measurements, IOptionsSnapshot<ApiOptions> options, TimeProvider clock,
        [FromQuery] int? receiverId, [FromQuery] double? hours, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        [FromQuery] double? bucketMinutes, CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        ReceiverFilter.Check(receiverId, problems);
        var (start, end) = QueryWindow.Resolve(hours, from, to, options.Value, clock, problems);
        var bucket = bucketMinutes ?? QueryDefaults.BucketMinutes;
        if (!(bucket >= 1) || bucket > QueryDefaults.MaxBucketMinutes)
        {
            problems.Add("bucketMinutes", string.Create(CultureInfo.InvariantCulture, $"bucketMinutes must be between 1 and {QueryDefaults.MaxBucketMinutes} (got {bucket})."));
        }
        else if (!problems.Any && (end - start).TotalMinutes / bucket > QueryDefaults.MaxBuckets)
        {
            problems.Add("bucketMinutes", string.Create(CultureInfo.InvariantCulture,
                $"the window holds {(end - start).TotalMinutes / bucket:0} buckets of {bucket} min; at most {QueryDefaults.MaxBuckets} per receiver: choose larger buckets."));
        }

        if (problems.Any)
        {
            return problems.ToValidationProblem();
        }

        return await ReceiverFilter.UnknownAsync(receiverId, measurements, cancellationToken) is { } unknown
            ? unknown
            : TypedResults.Ok(await query.RunAsync(receiverId, start, end, TimeSpan.FromMinutes(bucket), cancellationToken));
    }
}
