using System.Text.Json;
using Heimdall.Localisation.Output;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Heimdall.Api.Problems;

/// <summary>
/// 404 problems of <c>/api/acquisitions/{id}/location</c> when there is no point: <c>locationStatus</c> says which case
/// (<see cref="Hyperbola"/>, <see cref="NotLocated"/>, <see cref="NotYetLocated"/>), <c>detail</c> why, and
/// <c>stations</c> each receiver, used or not and why not.
/// </summary>
internal static class LocationProblems
{
    public const string StatusExtension = "locationStatus";
    public const string StationsExtension = "stations";
    public const string PowerRegionExtension = "powerRegion";
    public const string Hyperbola = LocationStatus.Hyperbola;
    public const string NotLocated = LocationStatus.NotLocated;
    public const string NotYetLocated = "not-yet-located";
    private const string Title = "No location estimate.";

    /// <summary>No point; <paramref name="powerRegion"/> is the stored estimate's power-based region (method <c>power-based</c>) when the Locator drew one.</summary>
    public static ProblemHttpResult NoPoint(Guid acquisitionId, LocationEstimate estimate, JsonElement? powerRegion)
    {
        var extensions = new Dictionary<string, object?>
        {
            [StatusExtension] = estimate.Status,
            [StationsExtension] = estimate.Stations.Select(s => new LocationProblemStation(s.Name, s.ReceiverId, s.Used, s.Reason)).ToList(),
        };
        if (powerRegion is { } region)
        {
            extensions[PowerRegionExtension] = region;
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Title,
            detail: $"Acquisition {acquisitionId} has no position: {estimate.Reason}.", extensions: extensions);
    }

    public static ProblemHttpResult NotYet(Guid acquisitionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Title,
            detail: $"Acquisition {acquisitionId} has no location yet: the Locator locates an acquisition once it completes (and never one completed before it ran).",
            extensions: new Dictionary<string, object?> { [StatusExtension] = NotYetLocated });
}

/// <summary>A receiver as a location problem names it.</summary>
internal sealed record LocationProblemStation(string Name, int? ReceiverId, bool Used, string? Reason);
