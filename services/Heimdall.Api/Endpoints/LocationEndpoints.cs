using System.Globalization;
using System.Text;
using System.Text.Json;
using Heimdall.Api.Contracts;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Locations;
using Heimdall.Localisation.Output;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// <c>/api/acquisitions/{id}/location</c> (JSON, <c>.geojson</c>, <c>.kml</c>) and <c>/api/locations</c>: what the
/// Locator stored (table <c>locations</c>). An acquisition without a point (two receivers, none usable, or not located
/// yet) is a 404 problem whose <c>locationStatus</c> says which and whose <c>detail</c> says why.
/// </summary>
internal static class LocationEndpoints
{
    public const string GeoJsonType = "application/geo+json";
    public const string KmlType = "application/vnd.google-earth.kml+xml";

    public static IEndpointRouteBuilder MapLocationEndpoints(this IEndpointRouteBuilder api)
    {
        var acquisition = api.MapGroup("/acquisitions/{id}").WithTags("Locations").RequireAuthorization(ApiPolicies.Read).ProducesProblem(StatusCodes.Status404NotFound);
        acquisition.MapGet("/location", LocationAsync).WithName("GetLocation")
            .WithSummary("Where the acquisition's transmitter is: position, 95 % error ellipse, GDOP, every pair's delay and every receiver used or not")
            .WithDescription("Estimated by the Locator from the GNSS-timed recordings once the acquisition completed. No point (two usable receivers: a hyperbola; none; or not located yet) is a 404 problem: locationStatus hyperbola, not-located or not-yet-located, detail the why, stations each receiver and why it was not used, and powerRegion, where the Locator drew one from the receivers' calibrated powers, the power-based region (method power-based: a region at a confidence level, never a point).");
        acquisition.MapGet("/location.geojson", GeoJsonAsync).WithName("GetLocationGeoJson")
            .WithSummary("The location as GeoJSON: the estimate, its 95 % ellipse, the receivers, each used pair's hyperbola, any power-based region")
            .WithDescription("RFC 7946 FeatureCollection ([longitude, latitude]); each feature's kind property says what it is. Also for an acquisition without a point (receivers, hyperbola, and the power-based region as a MultiPolygon of kind power-region, method power-based).");
        acquisition.MapGet("/location.kml", KmlAsync).WithName("GetLocationKml")
            .WithSummary("The location as KML (Google Earth): the estimate, its 95 % ellipse, the receivers, each used pair's hyperbola, any power-based region")
            .WithDescription("KML 2.2. Also for an acquisition without a point (receivers, hyperbola, and the power-based region as one Placemark named power-based region (P %, not a fix), described with its confidence level and the log-distance model's path-loss exponent and shadowing σ, the same figures as ExtendedData, the stored outline as a MultiGeometry of Polygons: never a Point).");
        api.MapGroup("/locations").WithTags("Locations").RequireAuthorization(ApiPolicies.Read)
            .MapGet("", RecentAsync).WithName("ListLocations")
            .WithSummary("Recent locations, newest first, in a time window (when the Locator stored them)")
            .WithDescription("Every acquisition the Locator handled, located or not (status and reason); the whole answer is at each url.");
        return api;
    }

    private static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> LocationAsync(
        Guid id, LocationQueries locations, AcquisitionQueries acquisitions, CancellationToken cancellationToken)
    {
        if (await locations.FindAsync(id, cancellationToken) is not { } row)
        {
            return await NotYetAsync(id, acquisitions, cancellationToken);
        }

        var estimate = Estimate(row);
        if (estimate.Status != LocationStatus.Located)
        {
            return LocationProblems.NoPoint(id, estimate, estimate.PowerRegion is null ? null : StoredPowerRegion(row));
        }

        return TypedResults.Ok(LocationResponse.From(id, estimate, row.LocatedAt));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GeoJsonAsync(
        Guid id, LocationQueries locations, AcquisitionQueries acquisitions, CancellationToken cancellationToken) =>
        await locations.FindAsync(id, cancellationToken) is { } row
            ? TypedResults.Text(GeoJsonWriter.Write(Estimate(row)), GeoJsonType, Encoding.UTF8)
            : await NotYetAsync(id, acquisitions, cancellationToken);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> KmlAsync(
        Guid id, LocationQueries locations, AcquisitionQueries acquisitions, CancellationToken cancellationToken) =>
        await locations.FindAsync(id, cancellationToken) is { } row
            ? TypedResults.Text(KmlWriter.Write(Estimate(row), $"Heimdall acquisition {id}"), KmlType, Encoding.UTF8)
            : await NotYetAsync(id, acquisitions, cancellationToken);

    private static async Task<Results<Ok<IReadOnlyList<LocationSummary>>, ValidationProblem>> RecentAsync(
        LocationQueries locations, IOptionsSnapshot<ApiOptions> options, TimeProvider clock,
        [FromQuery] double? hours, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] int? limit,
        CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        var (start, end) = QueryWindow.Resolve(hours, from, to, options.Value, clock, problems);
        var take = limit ?? QueryDefaults.LocationLimit;
        if (take < 1 || take > options.Value.MaxLimit)
        {
            problems.Add("limit", string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {options.Value.MaxLimit} (got {take})."));
        }

        if (problems.Any)
        {
            return problems.ToValidationProblem();
        }

        var rows = await locations.RecentAsync(start, end, take, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<LocationSummary>>([.. rows.Select(LocationSummary.From)]);
    }

    /// <summary>No row: an unknown acquisition, or one the Locator has not located (yet).</summary>
    private static async Task<ProblemHttpResult> NotYetAsync(Guid id, AcquisitionQueries acquisitions, CancellationToken cancellationToken) =>
        await acquisitions.FindAsync(id, cancellationToken) is null ? UnknownResource.Acquisition(id) : LocationProblems.NotYet(id);

    /// <summary>The stored estimate's <c>powerRegion</c> as it was stored (camelCase, the outline's rings included).</summary>
    private static JsonElement StoredPowerRegion(StoredLocation row)
    {
        using var document = JsonDocument.Parse(row.EstimateJson);
        return document.RootElement.GetProperty(LocationProblems.PowerRegionExtension).Clone();
    }

    private static LocationEstimate Estimate(StoredLocation row) =>
        LocationJson.Deserialize(row.EstimateJson) ?? throw new InvalidOperationException($"locations.estimate of {row.AcquisitionId} is not an estimate.");
}
