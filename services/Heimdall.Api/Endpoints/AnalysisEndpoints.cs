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
    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/statistics/snr", SnrAsync).WithTags("Analysis").RequireAuthorization(ApiPolicies.Read)
            .WithName("GetSnrStatistics")
            .WithSummary("SNR statistics per receiver over a window: count, detected count, mean, min, max, stddev, p50, p90")
            .WithDescription("From the raw rows; whole days older than a receiver's oldest raw row come from measurements_daily, and source says so.");
        routes.MapGet("/api/analysis/frequency-drift", DriftAsync).WithTags("Analysis").RequireAuthorization(ApiPolicies.Read)
            .WithName("GetFrequencyDrift")
            .WithSummary("Frequency offset over time per receiver and its least-squares drift rate (Hz/hour) with standard error");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<SnrStatistics>>, ValidationProblem>> SnrAsync(
        SnrStatisticsQuery query, IOptionsSnapshot<ApiOptions> options, TimeProvider clock,
        [FromQuery] int? receiverId, [FromQuery] double? hours, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        CheckReceiver(receiverId, problems);
        var (start, end) = QueryWindow.Resolve(hours, from, to, options.Value, clock, problems);
        return problems.Any
            ? problems.ToValidationProblem()
            : TypedResults.Ok(await query.RunAsync(receiverId, start, end, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<FrequencyDrift>>, ValidationProblem>> DriftAsync(
        FrequencyDriftQuery query, IOptionsSnapshot<ApiOptions> options, TimeProvider clock,
        [FromQuery] int? receiverId, [FromQuery] double? hours, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        [FromQuery] double? bucketMinutes, CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        CheckReceiver(receiverId, problems);
        var (start, end) = QueryWindow.Resolve(hours, from, to, options.Value, clock, problems);
        var bucket = bucketMinutes ?? 60;
        if (!(bucket >= 1) || bucket > 24 * 60 * 31)
        {
            problems.Add("bucketMinutes", string.Create(CultureInfo.InvariantCulture, $"bucketMinutes must be between 1 and {24 * 60 * 31} (got {bucket})."));
        }
        else if (!problems.Any && (end - start).TotalMinutes / bucket > MaxBuckets)
        {
            problems.Add("bucketMinutes", string.Create(CultureInfo.InvariantCulture,
                $"the window holds {(end - start).TotalMinutes / bucket:0} buckets of {bucket} min; at most {MaxBuckets} per receiver: choose larger buckets."));
        }

        return problems.Any
            ? problems.ToValidationProblem()
            : TypedResults.Ok(await query.RunAsync(receiverId, start, end, TimeSpan.FromMinutes(bucket), cancellationToken));
    }

    private const int MaxBuckets = 5000;

    private static void CheckReceiver(int? receiverId, InputProblems problems)
    {
        if (receiverId is <= 0)
        {
            problems.Add("receiverId", string.Create(CultureInfo.InvariantCulture, $"receiverId must be > 0 (got {receiverId})."));
        }
    }
}
