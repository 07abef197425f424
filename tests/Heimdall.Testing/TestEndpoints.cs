using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Heimdall.Testing;

/// <summary>
/// Where the real RabbitMQ, PostgreSQL and S3 are. From HEIMDALL_TEST_RABBITMQ (amqp://user:pass@host:port/),
/// HEIMDALL_TEST_POSTGRES (Npgsql connection string) and HEIMDALL_TEST_S3 (http://access:secret@host:port) when set;
/// otherwise from Testcontainers when a Docker engine answers; otherwise a failure that says what to start.
/// </summary>
public sealed record TestEndpoints(Uri RabbitMq, Uri RabbitMqManagement, string Postgres, Uri S3)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestEndpoints? _current;
    private static readonly List<IContainer> Containers = [];

    /// <summary>RabbitMQ's rabbitmq_prometheus plugin (HEIMDALL_TEST_RABBITMQ_PROMETHEUS, else port 15692 of the broker's host).</summary>
    public Uri RabbitMqPrometheus { get; init; } = new("http://127.0.0.1:15692");

    public string RabbitUser => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':')[0]);
    public string RabbitPassword => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':', 2)[1]);
    public string S3Endpoint => $"{S3.Host}:{S3.Port}";
    public string S3AccessKey => Uri.UnescapeDataString(S3.UserInfo.Split(':')[0]);
    public string S3SecretKey => Uri.UnescapeDataString(S3.UserInfo.Split(':', 2)[1]);

    /// <summary>
    /// The least-privilege role the services connect as, from HEIMDALL_TEST_POSTGRES_SERVICE_ROLE (<c>name:password</c>,
    /// printed by deploy/local/stack.sh env); null when unset (the tests then connect as the owner throughout).
    /// </summary>
    public static string? ServiceRoleName => ServiceRole()?.Name;

    /// <summary>A connection string to <paramref name="database"/> as the service role; fails saying what to set when there is none.</summary>
    public string ServiceRoleConnectionString(string database)
    {
        var (name, password) = ServiceRole()
            ?? throw new InvalidOperationException("HEIMDALL_TEST_POSTGRES_SERVICE_ROLE (name:password of the services' least-privilege role) is not set: deploy/local/stack.sh env prints it.");
        return new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = database, Username = name, Password = password }.ConnectionString;
    }

    private static (string Name, string Password)? ServiceRole() =>
        (Environment.GetEnvironmentVariable("HEIMDALL_TEST_POSTGRES_SERVICE_ROLE") ?? _containerServiceRole) is { Length: > 0 } value && value.Split(':', 2) is [var name, var password]
            ? (name, password)
            : null;

    /// <summary>The service role made in the Testcontainers database (whose test user is a superuser).</summary>
    private static string? _containerServiceRole;

    public static async Task<TestEndpoints> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _current ??= FromEnvironment() ?? await FromContainersAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static TestEndpoints? FromEnvironment()
    {
        var rabbit = Environment.GetEnvironmentVariable("HEIMDALL_TEST_RABBITMQ");
        var postgres = Environment.GetEnvironmentVariable("HEIMDALL_TEST_POSTGRES");
        var s3 = Environment.GetEnvironmentVariable("HEIMDALL_TEST_S3");
        if (rabbit is null && postgres is null && s3 is null)
        {
            return null;
        }

        if (rabbit is null || postgres is null || s3 is null)
        {
            throw new InvalidOperationException("Set all three of HEIMDALL_TEST_RABBITMQ, HEIMDALL_TEST_POSTGRES and HEIMDALL_TEST_S3 (deploy/local/stack.sh env prints them), or none to use Testcontainers.");
        }

        var rabbitUri = new Uri(rabbit);
        var management = Environment.GetEnvironmentVariable("HEIMDALL_TEST_RABBITMQ_MANAGEMENT") ?? $"http://{rabbitUri.Host}:15672";
        var prometheus = Environment.GetEnvironmentVariable("HEIMDALL_TEST_RABBITMQ_PROMETHEUS") ?? $"http://{rabbitUri.Host}:15692";
        return new TestEndpoints(rabbitUri, new Uri(management), postgres, new Uri(s3)) { RabbitMqPrometheus = new Uri(prometheus) };
    }

    private static async Task<TestEndpoints> FromContainersAsync()
    {
        RabbitMqContainer rabbit;
        PostgreSqlContainer postgres;
        IContainer minio;
        try
        {
            rabbit = new RabbitMqBuilder("rabbitmq:3.13.7-management")
                .WithUsername("heimdall").WithPassword("heimdall").WithPortBinding(15672, true).WithPortBinding(15692, true).Build();
            postgres = new PostgreSqlBuilder("timescale/timescaledb:2.28.3-pg15")
                .WithUsername("heimdall").WithPassword("heimdall").WithDatabase("heimdall").Build();
            minio = new ContainerBuilder("minio/minio:RELEASE.2024-12-18T13-15-44Z")
                .WithCommand("server", "/data")
                .WithEnvironment("MINIO_ROOT_USER", "heimdall")
                .WithEnvironment("MINIO_ROOT_PASSWORD", "heimdall-secret")
                .WithPortBinding(9000, true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPath("/minio/health/live").ForPort(9000)))
                .Build();
            await Task.WhenAll(rabbit.StartAsync(), postgres.StartAsync(), minio.StartAsync());
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "No test infrastructure: HEIMDALL_TEST_RABBITMQ, HEIMDALL_TEST_POSTGRES and HEIMDALL_TEST_S3 are not set and Testcontainers could not start containers (" + ex.Message + "). " +
                "Run `deploy/local/stack.sh up && eval \"$(deploy/local/stack.sh env)\"` or start a Docker engine.", ex);
        }

        Containers.AddRange([rabbit, postgres, minio]);
        await using (var admin = new Npgsql.NpgsqlConnection(postgres.GetConnectionString()))
        {
            await admin.OpenAsync();
            await using var role = new Npgsql.NpgsqlCommand("create role heimdall_app login password 'heimdall_app'", admin);
            await role.ExecuteNonQueryAsync();
        }

        _containerServiceRole = "heimdall_app:heimdall_app";
        return new TestEndpoints(
            new Uri($"amqp://heimdall:heimdall@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(5672)}/"),
            new Uri($"http://{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}"),
            postgres.GetConnectionString(),
            new Uri($"http://heimdall:heimdall-secret@{minio.Hostname}:{minio.GetMappedPublicPort(9000)}"))
        {
            RabbitMqPrometheus = new Uri($"http://{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15692)}"),
        };
    }
}
