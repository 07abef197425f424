using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Heimdall.Messaging;
using Heimdall.Persistence;
using Heimdall.Storage;
using Heimdall.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Heimdall.IntegrationTests;

/// <summary>
/// TLS to each dependency is a configuration away, with the server's certificate verified: PostgreSQL with Debian's
/// snakeoil certificate (the local cluster runs with ssl=on), S3 and RabbitMQ behind a TLS-terminating
/// <see cref="TcpForwarder"/> whose certificate the test makes. With the right CA the connection works; without it, it
/// fails, and for PostgreSQL with a message that names the setting.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TransportSecurityTests
{
    private const string Snakeoil = "/etc/ssl/certs/ssl-cert-snakeoil.pem";
    private TestStack _stack = null!;
    private X509Certificate2 _certificate = null!;
    private DirectoryInfo _files = null!;
    private string _ca = null!;
    private string _otherCa = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _stack = await TestStack.CreateAsync();
        _files = Directory.CreateTempSubdirectory("heimdall-tls-");
        _certificate = SelfSigned("heimdall-test-server");
        _ca = Path.Combine(_files.FullName, "ca.pem");
        await File.WriteAllTextAsync(_ca, _certificate.ExportCertificatePem());
        using var other = SelfSigned("some-other-ca");
        _otherCa = Path.Combine(_files.FullName, "other-ca.pem");
        await File.WriteAllTextAsync(_otherCa, other.ExportCertificatePem());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _certificate.Dispose();
        _files.Delete(recursive: true);
        await _stack.DisposeAsync();
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, its own CA.</summary>
    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static IHost Build(IDictionary<string, string?> settings, Action<IHostApplicationBuilder> add)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        add(builder);
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host, string name)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries[name];
    }

    private async Task<string> PostgresWithSnakeoilAsync()
    {
        if (!File.Exists(Snakeoil))
        {
            Assert.Ignore($"{Snakeoil} is missing: this check needs the local Debian PostgreSQL (ssl=on with the snakeoil certificate).");
        }

        var ssl = await _stack.Database.ScalarAsync<string>("show ssl");
        var certificate = await _stack.Database.ScalarAsync<string>("show ssl_cert_file");
        if (ssl != "on" || certificate != Snakeoil)
        {
            Assert.Ignore($"PostgreSQL runs with ssl={ssl}, ssl_cert_file={certificate}: this check needs the local Debian cluster's snakeoil TLS.");
        }

        // The snakeoil certificate names 'localhost'.
        return new NpgsqlConnectionStringBuilder(_stack.Database.ConnectionString) { Host = "localhost", Pooling = false }.ConnectionString;
    }

    [Test]
    public async Task When_PostgreSQL_is_verified_against_its_CA_Should_connect_over_TLS()
    {
        var connection = await PostgresWithSnakeoilAsync() + $";SSL Mode=VerifyFull;Root Certificate={Snakeoil}";
        using var host = Build(new Dictionary<string, string?> { ["ConnectionStrings:Heimdall"] = connection }, b => b.AddHeimdallDatabase());
        Assert.That((await CheckAsync(host, "postgres")).Status, Is.EqualTo(HealthStatus.Healthy));
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("select ssl from pg_stat_ssl where pid = pg_backend_pid()");
        Assert.That(await command.ExecuteScalarAsync(), Is.True);
    }

    [Test]
    public async Task When_PostgreSQL_is_verified_against_another_CA_Should_refuse_it_naming_the_setting()
    {
        var connection = await PostgresWithSnakeoilAsync() + $";SSL Mode=VerifyFull;Root Certificate={_otherCa}";
        using var host = Build(new Dictionary<string, string?> { ["ConnectionStrings:Heimdall"] = connection }, b => b.AddHeimdallDatabase());
        var check = await CheckAsync(host, "postgres");
        Assert.That(check.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(check.Description, Does.StartWith(
            $"PostgreSQL TLS: the server's certificate was not accepted: it must be signed by the Root Certificate '{_otherCa}', and name the host 'localhost' (SSL Mode=VerifyFull). Set Root Certificate in ConnectionStrings:Heimdall to the CA that signed it."));
    }

    [Test]
    public async Task When_the_trust_store_lacks_the_CA_and_none_is_given_Should_the_MetricsWriter_stop_saying_which_setting_to_set()
    {
        var connection = await PostgresWithSnakeoilAsync() + ";SSL Mode=VerifyFull";
        var empty = Directory.CreateDirectory(Path.Combine(_files.FullName, "no-certificates"));
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.ServiceAssembly("Heimdall.MetricsWriter"), "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Test";
        start.Environment["ConnectionStrings__Heimdall"] = connection;
        start.Environment["RabbitMq__Host"] = "127.0.0.1";
        start.Environment["RabbitMq__Username"] = "unused";
        start.Environment["RabbitMq__Password"] = "unused";
        // The system trust store without this machine's own snakeoil certificate (which Debian puts in /etc/ssl/certs).
        start.Environment["SSL_CERT_DIR"] = empty.FullName;
        start.Environment["SSL_CERT_FILE"] = "/etc/ssl/certs/ca-certificates.crt";
        using var migrate = Process.Start(start)!;
        var output = migrate.StandardOutput.ReadToEndAsync();
        var errors = await migrate.StandardError.ReadToEndAsync();
        await migrate.WaitForExitAsync();
        Assert.That(migrate.ExitCode, Is.Not.Zero);
        Assert.That(await output + errors, Does.Contain(
            "PostgreSQL TLS: the server's certificate was not accepted: it must be signed by a CA of the system trust store (no Root Certificate is set), and name the host 'localhost' (SSL Mode=VerifyFull). Set Root Certificate in ConnectionStrings:Heimdall to the CA that signed it."));
    }

    [TestCase("SSL Mode=Require", "ConnectionStrings:Heimdall: SSL Mode=Require encrypts without verifying the server's certificate; use SSL Mode=VerifyFull (or VerifyCA) and, for a private CA, Root Certificate=<PEM file>.")]
    [TestCase("SSL Mode=VerifyFull;Root Certificate=/nonexistent/ca.pem", "ConnectionStrings:Heimdall: Root Certificate '/nonexistent/ca.pem' does not exist.")]
    [TestCase("SSL Mode=Prefer;Root Certificate=" + Snakeoil, "ConnectionStrings:Heimdall: Root Certificate is only used with SSL Mode=VerifyCA or VerifyFull (it is Prefer).")]
    public void When_the_connection_string_asks_for_TLS_it_cannot_verify_Should_refuse_to_start_naming_the_key(string tls, string message)
    {
        using var host = Build(new Dictionary<string, string?> { ["ConnectionStrings:Heimdall"] = "Host=127.0.0.1;Database=heimdall;Username=u;Password=p;" + tls }, b => b.AddHeimdallDatabase());
        var error = Assert.Throws<OptionsValidationException>(() => _ = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        Assert.That(error!.Failures.Single(), Does.EndWith($"with the error: '{message}'."));
    }

    private Dictionary<string, string?> S3Settings(int port, string? ca) => new()
    {
        ["S3:Endpoint"] = $"127.0.0.1:{port}",
        ["S3:AccessKey"] = _stack.Endpoints.S3AccessKey,
        ["S3:SecretKey"] = _stack.Endpoints.S3SecretKey,
        ["S3:UseSsl"] = "true",
        ["S3:CaCertificatePath"] = ca,
        ["S3:Bucket"] = _stack.Bucket,
    };

    [Test]
    public async Task When_S3_is_reached_over_TLS_with_its_CA_Should_store_and_read_an_object()
    {
        await using var tls = TcpForwarder.Start(_stack.Endpoints.S3.Host, _stack.Endpoints.S3.Port, _certificate);
        using var host = Build(S3Settings(tls.Port, _ca), b => b.AddHeimdallObjectStore());
        var store = host.Services.GetRequiredService<ObjectStore>();
        await store.EnsureBucketAsync(store.Bucket, CancellationToken.None);
        await store.PutAsync(store.Bucket, "tls/probe", "over TLS"u8.ToArray(), "text/plain", CancellationToken.None);
        Assert.That(await store.GetAsync(store.Bucket, "tls/probe", CancellationToken.None), Is.EqualTo("over TLS"u8.ToArray()));
        Assert.That((await CheckAsync(host, "s3")).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task When_S3_is_reached_over_TLS_without_its_CA_Should_refuse_the_certificate()
    {
        await using var tls = TcpForwarder.Start(_stack.Endpoints.S3.Host, _stack.Endpoints.S3.Port, _certificate);
        using var host = Build(S3Settings(tls.Port, ca: null), b => b.AddHeimdallObjectStore());
        var check = await CheckAsync(host, "s3");
        Assert.That(check.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(check.Description, Does.StartWith($"Object store TLS: the certificate of 127.0.0.1:{tls.Port} was not accepted (it must name that host and chain to the system trust store): "));
    }

    [TestCase("S3", "S3:CaCertificatePath is set but S3:UseSsl is false: the CA would never be used. Turn TLS on or remove S3:CaCertificatePath.")]
    [TestCase("RabbitMq", "RabbitMq:CaCertificatePath is set but RabbitMq:UseSsl is false: the CA would never be used. Turn TLS on or remove RabbitMq:CaCertificatePath.")]
    public void When_a_CA_is_given_without_TLS_Should_refuse_to_start_naming_the_key(string section, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{section}:CaCertificatePath"] = _ca,
            ["S3:Endpoint"] = "127.0.0.1:9000", ["S3:AccessKey"] = "a", ["S3:SecretKey"] = "s",
            ["RabbitMq:Host"] = "127.0.0.1", ["RabbitMq:Username"] = "u", ["RabbitMq:Password"] = "p",
        };
        using var host = Build(settings, b => b.AddHeimdallObjectStore().AddHeimdallBus(_ => { }));
        var error = Assert.Throws<OptionsValidationException>(() => _ = section == "S3"
            ? host.Services.GetRequiredService<IOptions<S3Options>>().Value
            : (object)host.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value);
        Assert.That(error!.Failures.Single(), Does.EndWith($"with the error: '{message}'."));
    }

    private Dictionary<string, string?> RabbitSettings(int port, string? ca) => new()
    {
        ["RabbitMq:Host"] = "127.0.0.1",
        ["RabbitMq:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = "/",
        ["RabbitMq:Username"] = _stack.Endpoints.RabbitUser,
        ["RabbitMq:Password"] = _stack.Endpoints.RabbitPassword,
        ["RabbitMq:UseSsl"] = "true",
        ["RabbitMq:CaCertificatePath"] = ca,
    };

    private static async Task<HealthStatus> BusHealthAfterAsync(IHost host, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        HealthStatus status;
        do
        {
            status = (await CheckAsync(host, "masstransit-bus")).Status;
            if (status == HealthStatus.Healthy)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return status;
    }

    [Test]
    public async Task When_RabbitMQ_is_reached_over_TLS_with_its_CA_Should_connect()
    {
        await using var tls = TcpForwarder.Start(_stack.Endpoints.RabbitMq.Host, _stack.Endpoints.RabbitMq.Port, _certificate);
        using var host = Build(RabbitSettings(tls.Port, _ca), b => b.AddHeimdallBus(_ => { }));
        await host.StartAsync();
        Assert.That(await BusHealthAfterAsync(host, TimeSpan.FromSeconds(20)), Is.EqualTo(HealthStatus.Healthy));
        await host.StopAsync();
    }

    [Test]
    public async Task When_RabbitMQ_is_reached_over_TLS_without_its_CA_Should_not_connect()
    {
        await using var tls = TcpForwarder.Start(_stack.Endpoints.RabbitMq.Host, _stack.Endpoints.RabbitMq.Port, _certificate);
        using var host = Build(RabbitSettings(tls.Port, ca: null), b =>
        {
            b.AddHeimdallBus(_ => { });
            b.Services.Configure<MassTransit.MassTransitHostOptions>(o => o.WaitUntilStarted = false);
        });
        await host.StartAsync();
        Assert.That(await BusHealthAfterAsync(host, TimeSpan.FromSeconds(5)), Is.Not.EqualTo(HealthStatus.Healthy));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stop.Token);
    }
}
