using Heimdall.Api.Http;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// The <c>/api</c> group: every operation's query and route values are read strictly (<see cref="StrictInputs"/>), and
/// the answers every operation may give are declared once here (a malformed input, no or an unknown key, a URL too
/// long, PostgreSQL or S3 away). A new group of endpoints (a location endpoint, a console's reads) hangs off the group it returns.
/// </summary>
internal static class ApiEndpoints
{
    public static RouteGroupBuilder MapApiEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithMetadata(new StrictInputs())
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status414UriTooLong)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapMeasurementEndpoints();
        api.MapAcquisitionEndpoints();
        api.MapAnalysisEndpoints();
        api.MapRecordingEndpoints();
        api.MapSpectrumEndpoints();
        api.MapLocationEndpoints();
        api.MapReceiverEndpoints();
        api.MapStatusEndpoints();
        return api;
    }

    /// <summary>What a write may also answer: a read-only key (403), a body too large (413) or not JSON (415).</summary>
    public static TBuilder AsWrite<TBuilder>(this TBuilder builder, bool withBody)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Security.ApiPolicies.Write).ProducesProblem(StatusCodes.Status403Forbidden);
        if (withBody)
        {
            builder.ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        return builder;
    }
}
