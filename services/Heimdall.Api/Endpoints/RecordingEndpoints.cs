using Heimdall.Api.Contracts;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// <c>/api/acquisitions/{id}/recordings/{receiverId}.sigmf-meta</c> and <c>.sigmf-data</c>: the archived SigMF pair,
/// streamed from the bucket as it is read (never held whole in memory), so a caller needs no S3 credentials.
/// </summary>
internal static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordingEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/acquisitions/{id:guid}/recordings").WithTags("Recordings").RequireAuthorization(ApiPolicies.Read);
        group.MapGet("/{receiverId:int}.sigmf-meta", (Guid id, int receiverId, ObjectStore store, HttpContext context, CancellationToken ct) =>
                StreamAsync(store, context, RecordingPaths.Key(id, receiverId, RecordingPaths.MetaExtension), "application/json", ct))
            .WithName("GetRecordingMeta").WithSummary("The SigMF metadata of a receiver's recording")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/{receiverId:int}.sigmf-data", (Guid id, int receiverId, ObjectStore store, HttpContext context, CancellationToken ct) =>
                StreamAsync(store, context, RecordingPaths.Key(id, receiverId, RecordingPaths.DataExtension), "application/octet-stream", ct))
            .WithName("GetRecordingData").WithSummary("The samples of a receiver's recording, exactly as captured")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return routes;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        ObjectStore store, HttpContext context, string key, string contentType, CancellationToken cancellationToken)
    {
        if (await store.StatAsync(store.Bucket, key, cancellationToken) is not { } stored)
        {
            return UnknownResource.Recording(key);
        }

        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = stored.Size;
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = Path.GetFileName(key) }.ToString();
        response.Headers.ETag = $"\"{stored.ETag}\"";
        var found = await store.ReadAsync(store.Bucket, key, (stream, ct) => stream.CopyToAsync(response.Body, 1 << 16, ct), cancellationToken);
        if (!found)
        {
            // Deleted between the HEAD and the GET: nothing was written yet.
            response.ContentLength = null;
            return UnknownResource.Recording(key);
        }

        return TypedResults.Empty;
    }
}
