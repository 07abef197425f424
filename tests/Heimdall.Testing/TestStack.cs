using Heimdall.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Minio;

namespace Heimdall.Testing;

/// <summary>
/// A known starting state on the real services: a fresh migrated database, a fresh bucket and (for processes) a fresh
/// RabbitMQ virtual host. <see cref="Settings"/> is the services' configuration pointing at them.
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    private TestStack(TestEndpoints endpoints, TestDatabase database, string bucket, string virtualHost)
    {
        Endpoints = endpoints;
        Database = database;
        Bucket = bucket;
        VirtualHost = virtualHost;
    }

    public TestEndpoints Endpoints { get; }
    public TestDatabase Database { get; }
    public string Bucket { get; }
    public string VirtualHost { get; }

    public static async Task<TestStack> CreateAsync(bool withVirtualHost = false)
    {
        var endpoints = await TestEndpoints.GetAsync();
        var database = await TestDatabase.CreateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var virtualHost = withVirtualHost ? "heimdall-test-" + suffix : "/";
        if (withVirtualHost)
        {
            using var management = new RabbitMqManagement(endpoints);
            await management.CreateVhostAsync(virtualHost);
        }

        return new TestStack(endpoints, database, "heimdall-test-" + suffix, virtualHost);
    }

    public Dictionary<string, string?> Settings => new()
    {
        ["RabbitMq:Host"] = Endpoints.RabbitMq.Host,
        ["RabbitMq:Port"] = Endpoints.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = VirtualHost,
        ["RabbitMq:Username"] = Endpoints.RabbitUser,
        ["RabbitMq:Password"] = Endpoints.RabbitPassword,
        ["ConnectionStrings:Heimdall"] = Database.ConnectionString,
        ["S3:Endpoint"] = Endpoints.S3Endpoint,
        ["S3:AccessKey"] = Endpoints.S3AccessKey,
        ["S3:SecretKey"] = Endpoints.S3SecretKey,
        ["S3:UseSsl"] = "false",
        ["S3:Bucket"] = Bucket,
        ["MetricsWriter:TimescaleDb"] = TestDatabase.Variant.ToString(),
    };

    /// <summary>The object store of this stack's bucket, for assertions.</summary>
    public ObjectStore CreateObjectStore()
    {
        var options = new S3Options
        {
            Endpoint = Endpoints.S3Endpoint,
            AccessKey = Endpoints.S3AccessKey,
            SecretKey = Endpoints.S3SecretKey,
            Bucket = Bucket,
        };
        var client = new MinioClient().WithEndpoint(options.Endpoint).WithCredentials(options.AccessKey, options.SecretKey).WithSSL(false).Build();
        return new ObjectStore(client, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ObjectStore>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        if (VirtualHost != "/")
        {
            using var management = new RabbitMqManagement(Endpoints);
            await management.DeleteVhostAsync(VirtualHost);
        }

        await Database.DisposeAsync();
    }
}
