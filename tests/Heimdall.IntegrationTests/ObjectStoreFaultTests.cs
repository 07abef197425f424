using System.Net;
using System.Net.Sockets;
using System.Text;
using Heimdall.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Minio;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The object store against a real HTTP server that answers every request with 503 and no body, which Minio 7.0.0
/// reports as a NullReferenceException from its error parser (minio/minio-dotnet#1316): it must count as transient.
/// </summary>
public class ObjectStoreFaultTests
{
    [Test]
    public async Task A_503_without_a_body_Should_be_retried_like_any_server_fault()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var requests = 0;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                await using var stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Interlocked.Increment(ref requests);
                await stream.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        var endpoint = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var minio = new MinioClient().WithEndpoint(endpoint).WithCredentials("key", "secret").WithSSL(false).Build();
        var store = new ObjectStore(minio, Microsoft.Extensions.Options.Options.Create(new S3Options { Endpoint = endpoint, AccessKey = "key", SecretKey = "secret", Bucket = "recordings" }), NullLogger<ObjectStore>.Instance);

        Assert.That(async () => await store.GetAsync("recordings", "acquisitions/x/1.sigmf-data", CancellationToken.None), Throws.Exception);
        await stop.CancelAsync();

        Assert.That(requests, Is.EqualTo(6), "one attempt and five retries, one request each");
    }
}
