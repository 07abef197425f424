using System.Net;
using Heimdall.Resilience;
using Minio;
using Minio.Exceptions;

namespace Heimdall.Storage;

/// <summary>Which object-store errors mean S3 is unavailable (worth waiting out), as opposed to a wrong request.</summary>
public static class ObjectStoreFaults
{
    public static Dependency Dependency { get; } = new("S3", IsTransient);

    public static bool IsTransient(Exception exception) => exception switch
    {
        ObjectNotFoundException or BucketNotFoundException or AuthorizationException or AccessDeniedException => false,
        InvalidBucketNameException or InvalidObjectNameException => false,
        HttpRequestException or IOException or TimeoutException => true,
        ConnectionException or InternalClientException => true,
        MinioException minio => minio.ServerResponse?.StatusCode is null or >= HttpStatusCode.InternalServerError,

        // Minio 7.0.0 throws this from its own error parser when a response has neither content nor an exception, e.g. a
        // 503 or a dropped connection (minio/minio-dotnet#1316, #1333): the server failed, so try again.
        NullReferenceException nre => nre.TargetSite?.DeclaringType?.Assembly == typeof(IMinioClient).Assembly,
        _ => false,
    };

    /// <summary>The HTTP status the store answered, when the exception carries one (the object store's own GETs, the Minio SDK's errors).</summary>
    public static HttpStatusCode? StatusOf(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: { } status } => status,
        MinioException { ServerResponse: { } response } => response.StatusCode,
        _ => null,
    };
}
