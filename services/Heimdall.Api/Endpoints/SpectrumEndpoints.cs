using System.Globalization;
using System.Numerics;
using Heimdall.Api.Contracts;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Api.Spectra;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// <c>/api/acquisitions/{id}/recordings/{receiverId}/spectrum</c>: a recording's averaged power spectrum and waterfall,
/// computed from the archived samples (<see cref="RecordingSpectra"/>), with an ETag so that a page polling it is
/// answered 304 while the recording is unchanged.
/// </summary>
internal static class SpectrumEndpoints
{
    public const string CacheControl = "private, no-cache";

    public static IEndpointRouteBuilder MapSpectrumEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/acquisitions/{id}/recordings/{receiverId}/spectrum", GetAsync).WithTags("Recordings").RequireAuthorization(ApiPolicies.Read)
            .WithName("GetRecordingSpectrum")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("A recording's power spectrum (Welch average) and waterfall, computed from its archived samples")
            .WithDescription("Segments of bins samples, 50 % overlap, periodic Hann window, density in dBFS/Hz; the waterfall averages " +
                             "consecutive segments into rows, quantised to bytes (dBFS/Hz = offsetDb + byte × scaleDb). Computed once per " +
                             "recording, bins and rows, then served from memory; ETag and If-None-Match give 304.");
        return api;
    }

    private static async Task<Results<Ok<RecordingSpectrum>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id, int receiverId, RecordingSpectra spectra, HttpContext context, [FromQuery] int? bins, [FromQuery] int? rows,
        CancellationToken cancellationToken)
    {
        var problems = new InputProblems();
        var n = bins ?? QueryDefaults.SpectrumBins;
        if (n < QueryDefaults.MinSpectrumBins || n > QueryDefaults.MaxSpectrumBins || !BitOperations.IsPow2(n))
        {
            problems.Add("bins", string.Create(CultureInfo.InvariantCulture,
                $"bins must be a power of two from {QueryDefaults.MinSpectrumBins} to {QueryDefaults.MaxSpectrumBins} (got {n})."));
        }

        var r = rows ?? QueryDefaults.SpectrumRows;
        if (r < 1 || r > QueryDefaults.MaxSpectrumRows)
        {
            problems.Add("rows", string.Create(CultureInfo.InvariantCulture, $"rows must be between 1 and {QueryDefaults.MaxSpectrumRows} (got {r})."));
        }

        if (problems.Any)
        {
            return problems.ToValidationProblem();
        }

        var outcome = await spectra.FindAsync(id, receiverId, n, r, cancellationToken);
        if (outcome.MissingKey is { } missing)
        {
            return UnknownResource.Recording(missing);
        }

        if (outcome.Spectrum is not { } spectrum)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The recording cannot be analysed.", detail: outcome.Problem);
        }

        var response = context.Response;
        response.Headers.ETag = outcome.ETag;
        response.Headers.CacheControl = CacheControl;
        var etag = EntityTagHeaderValue.Parse(outcome.ETag);
        if (context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } noneMatch
            && noneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(spectrum);
    }
}
