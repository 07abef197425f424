using System.Net;
using System.Net.Sockets;
using System.Text;
using Heimdall.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Minio;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The object store against a real HTTP server that answers every request alike: with 503 and no body (which Minio
/// 7.0.0 reports as a NullReferenceException from its error parser, minio/minio-dotnet#1316), a server fault to retry;
/// with 403, a refusal that no retry will cure.
/// </summary>
public class ObjectStoreFaultTests
{
    private const string Unavailable = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private const string Forbidden = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: 97\r\nConnection: close\r\n\r\n"
        + "<Error><Code>SignatureDoesNotMatch</Code><Message>The signature does not match.</Message></Error>";

    [Test]
    public async Task A_503_without_a_body_Should_be_retried_like_any_server_fault()
    {
        await using var server = FakeS3.Start(Unavailable);

        Assert.That(async () => await server.Store.GetAsync("recordings", "acquisitions/x/1.sigmf-data", CancellationToken.None), Throws.Exception);

        Assert.That(server.Requests, Is.EqualTo(6), "one attempt and five retries, one request each");
    }

    [Test]
    public async Task A_refusal_Should_name_the_answer_and_not_be_retried_or_taken_for_an_outage()
    {
        await using var server = FakeS3.Start(Forbidden);

        var refused = Assert.ThrowsAsync<ObjectStoreRefusedException>(async () => await server.Store.GetAsync("recordings", "acquisitions/x/1.sigmf-meta", CancellationToken.None));

        Assert.That(refused!.Message, Does.StartWith("S3 answered 403 Forbidden for s3://recordings/acquisitions/x/1.sigmf-meta: <Error><Code>SignatureDoesNotMatch</Code>"));
        Assert.That(ObjectStoreFaults.IsTransient(refused), Is.False);
        Assert.That(server.Requests, Is.EqualTo(1));
    }

    /// <summary>An HTTP server on 127.0.0.1 that answers every request with the same bytes, and counts them.</summary>
    private sealed class FakeS3 : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _serving = Task.CompletedTask;
        private int _requests;

        public int Requests => _requests;
        public ObjectStore Store { get; private set; } = null!;

        public static FakeS3 Start(string response)
        {
            var server = new FakeS3();
            server._listener.Start();
            server._serving = Task.Run(() => server.ServeAsync(Encoding.ASCII.GetBytes(response)));
            var endpoint = $"127.0.0.1:{((IPEndPoint)server._listener.LocalEndpoint).Port}";
            var minio = new MinioClient().WithEndpoint(endpoint).WithCredentials("key", "secret").WithSSL(false).Build();
            server.Store = new ObjectStore(minio, Microsoft.Extensions.Options.Options.Create(new S3Options { Endpoint = endpoint, AccessKey = "key", SecretKey = "secret", Bucket = "recordings" }), NullLogger<ObjectStore>.Instance);
            return server;
        }

        private async Task ServeAsync(byte[] response)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(response, _stop.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (OperationCanceledException)
            {
            }

            Store.Dispose();
            _stop.Dispose();
            _listener.Dispose();
        }
    }
}
