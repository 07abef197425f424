using System.Globalization;
using Heimdall.Api.Problems;
using Heimdall.Data.Measurements;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Heimdall.Api.Endpoints;

/// <summary>The <c>receiverId</c> filter of the reads: a positive id (400) that the data knows (404, not an empty list, which means "no data").</summary>
internal static class ReceiverFilter
{
    public static void Check(int? receiverId, InputProblems problems)
    {
        if (receiverId is <= 0)
        {
            problems.Add("receiverId", string.Create(CultureInfo.InvariantCulture, $"receiverId must be > 0 (got {receiverId})."));
        }
    }

    /// <summary>404 when <paramref name="receiverId"/> is neither registered nor in any measurement; null otherwise (or without a filter).</summary>
    public static async Task<ProblemHttpResult?> UnknownAsync(int? receiverId, MeasurementQueries measurements, CancellationToken cancellationToken) =>
        receiverId is { } id && !await measurements.IsKnownReceiverAsync(id, cancellationToken) ? UnknownResource.FilteredReceiver(id) : null;
}
