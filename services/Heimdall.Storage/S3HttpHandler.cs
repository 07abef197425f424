using Heimdall.Resilience;

namespace Heimdall.Storage;

/// <summary>
/// The handler of every HTTP request to S3, the Minio client's and the object store's own (presigned GETs): connections
/// renewed every five minutes; with TLS, the server's certificate checked against S3:CaCertificatePath when it is set,
/// else against the system trust store, and its name always.
/// </summary>
public static class S3HttpHandler
{
    public static SocketsHttpHandler Create(S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.UseSsl)
        {
            var ca = string.IsNullOrWhiteSpace(options.CaCertificatePath) ? null : DependencyTls.LoadCa(options.CaCertificatePath, "S3:CaCertificatePath");
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => DependencyTls.Accept(ca, certificate, errors);
        }

        return handler;
    }
}
