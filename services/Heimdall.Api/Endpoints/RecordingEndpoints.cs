using Heimdall.Api.Contracts;
using Heimdall.Api.Http;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// <c>/api/acquisitions/{id}/recordings/{receiverId}.sigmf-meta</c> and <c>.sigmf-data</c>: the archived SigMF pair,
/// streamed from the bucket as it is read (never held whole in memory), so a caller needs no S3 credentials. HTTP
/// as a download manager expects it: <c>ETag</c> (the object's), <c>If-None-Match</c> → 304, one byte range
/// (<c>Range: bytes=…</c>, <c>If-Range</c>) → 206 or 416, and HEAD. Sent as stored (never compressed).
/// </summary>
internal static class RecordingEndpoints
{
    /// <summary>A recording never changes once archived, but may be deleted: a cache asks again, and an unchanged one costs a 304.</summary>
    public const string CacheControl = "private, no-cache";

    public static IEndpointRouteBuilder MapRecordingEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/acquisitions/{id}/recordings").WithTags("Recordings").RequireAuthorization(ApiPolicies.Read)
            .WithMetadata(new UncompressedResponses()).ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (extension, contentType, what) in new[]
                 {
                     (RecordingPaths.MetaExtension, "application/json", "Meta"),
                     (RecordingPaths.DataExtension, "application/octet-stream", "Data"),
                 })
        {
            var summary = what == "Meta" ? "The SigMF metadata of a receiver's recording" : "The samples of a receiver's recording, exactly as captured";
            group.MapGet("/{receiverId}" + extension, (Guid id, int receiverId, ObjectStore store, HttpContext context, CancellationToken ct) =>
                    SendAsync(store, context, RecordingPaths.Key(id, receiverId, extension), contentType, ct))
                .WithName("GetRecording" + what).WithSummary(summary)
                .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
            group.MapMethods("/{receiverId}" + extension, [HttpMethods.Head], (Guid id, int receiverId, ObjectStore store, HttpContext context, CancellationToken ct) =>
                    SendAsync(store, context, RecordingPaths.Key(id, receiverId, extension), contentType, ct))
                .WithName("HeadRecording" + what).WithSummary(summary + ": its headers only (length, ETag), no body");
        }

        return api;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> SendAsync(
        ObjectStore store, HttpContext context, string key, string contentType, CancellationToken cancellationToken)
    {
        if (await store.StatAsync(store.Bucket, key, cancellationToken) is not { } stored)
        {
            return UnknownResource.Recording(key);
        }

        var request = context.Request;
        var response = context.Response;
        var etag = new EntityTagHeaderValue($"\"{stored.ETag}\"");
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = CacheControl;
        response.Headers.AcceptRanges = "bytes";
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } noneMatch && noneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return TypedResults.Empty;
        }

        response.ContentType = contentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = Path.GetFileName(key) }.ToString();
        var range = HttpMethods.IsGet(request.Method) ? ByteRange.Of(headers, etag, stored.Size) : ByteRange.Whole(stored.Size);
        if (range.Unsatisfiable)
        {
            response.Headers.ContentRange = $"bytes */{stored.Size}";
            response.ContentType = null;
            return TypedResults.Problem(statusCode: StatusCodes.Status416RangeNotSatisfiable, title: "Range not satisfiable.",
                detail: $"The recording {key} holds {stored.Size} bytes; the range {request.Headers.Range} asks for none of them.");
        }

        response.ContentLength = range.Length;
        if (range.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.From}-{range.From + range.Length - 1}/{stored.Size}";
        }

        if (HttpMethods.IsHead(request.Method) || range.Length == 0)
        {
            return TypedResults.Empty;
        }

        var found = range.Partial
            ? await store.ReadRangeAsync(store.Bucket, key, range.From, range.Length, (stream, ct) => stream.CopyToAsync(response.Body, 1 << 16, ct), cancellationToken)
            : await store.ReadAsync(store.Bucket, key, (stream, ct) => stream.CopyToAsync(response.Body, 1 << 16, ct), cancellationToken);
        if (!found)
        {
            // Deleted between the HEAD and the GET: nothing was written yet.
            response.ContentLength = null;
            response.Headers.ContentRange = default;
            response.StatusCode = StatusCodes.Status200OK;
            return UnknownResource.Recording(key);
        }

        return TypedResults.Empty;
    }
}
