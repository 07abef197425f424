using System.Diagnostics;
using System.Text.Json.Nodes;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// deploy/compose/docker-compose.yml as Debian 12's <c>docker-compose</c> 1.29 reads it (<c>docker-compose config</c>
/// needs no engine; ./heimdall test installs the package when it is missing): it parses, the broker publishes the
/// metrics port the queue alerts read, and it runs the shovel plugins the runbook's "Move messages" uses.
/// </summary>
public sealed class ComposeTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy", "compose");
    private static readonly Lazy<JsonObject> Rendered = new(() => Yaml.Documents(Config()).Single());

    private static JsonNode RabbitMq => Rendered.Value.Walk("services.rabbitmq")!;

    [Test]
    public void Docker_compose_1_29_should_render_every_service()
    {
        var services = Rendered.Value.Walk("services")!.AsObject().Select(s => s.Key);
        Assert.That(services, Is.SupersetOf(new[] { "rabbitmq", "timescaledb", "minio", "migrate", "acquirer", "iqarchiver", "metricswriter", "api" }));
    }

    [Test]
    public void The_broker_should_publish_its_metrics_port_for_the_queue_alerts()
    {
        Assert.That(RabbitMq.Items("ports").Select(Port), Does.Contain(("127.0.0.1", "15692", "15692")));
    }

    [Test]
    public void The_broker_should_run_the_shovel_plugins_the_runbook_moves_error_messages_with()
    {
        var mount = RabbitMq.Items("volumes").Select(Volume).SingleOrDefault(v => v.Target == "/etc/rabbitmq/enabled_plugins");
        Assert.That(mount, Is.Not.EqualTo(default((string, string))), "no enabled_plugins file mounted into the broker");
        var file = mount.Source;
        Assert.That(File.Exists(file), Is.True, file);
        var plugins = File.ReadAllText(file).Trim().TrimStart('[').TrimEnd('.').TrimEnd(']').Split(',').Select(p => p.Trim());
        Assert.That(plugins, Is.SupersetOf(new[] { "rabbitmq_management", "rabbitmq_prometheus", "rabbitmq_shovel", "rabbitmq_shovel_management" }));
    }

    [Test]
    public void The_broker_policy_should_be_set_before_any_service_starts()
    {
        var policies = Rendered.Value.Walk("services.rabbitmq-policies")!;
        var script = Path.Combine(RepositoryPaths.Root, "deploy", "rabbitmq", "heimdall-policies.sh");
        Assert.Multiple(() =>
        {
            Assert.That(policies.Items("volumes").Select(Volume), Does.Contain((script, "/heimdall-policies.sh")));
            Assert.That(policies.Items("command").Select(c => c.GetValue<string>()), Is.EqualTo(new[] { "sh", "/heimdall-policies.sh" }));
            Assert.That(policies.Text("environment.HEIMDALL_RABBITMQ_MANAGEMENT_URL"), Is.EqualTo("http://heimdall:heimdall@rabbitmq:15672"));
            Assert.That(policies.Text("depends_on.rabbitmq.condition"), Is.EqualTo("service_healthy"));
            foreach (var service in new[] { "acquirer", "iqarchiver", "metricswriter", "api" })
            {
                Assert.That(Rendered.Value.Walk($"services.{service}.depends_on.rabbitmq-policies")?.Text("condition"), Is.EqualTo("service_completed_successfully"), service);
            }
        });
    }

    [Test]
    public void The_project_should_keep_its_name_and_so_its_volumes()
    {
        // A top-level 'name:' (Compose v2 only) used to name the project; .env beside the file does it for both versions.
        var settings = File.ReadAllLines(Path.Combine(Folder, ".env"));
        Assert.That(settings, Does.Contain("COMPOSE_PROJECT_NAME=heimdall"));
        Assert.That(File.ReadAllText(Path.Combine(Folder, "docker-compose.yml")), Does.Not.Match(@"(?m)^name:"));
    }

    /// <summary>A published port as (host address, published, target): docker-compose 1.29 writes "127.0.0.1:15692:15692/tcp", Compose v2 an object.</summary>
    private static (string? Host, string? Published, string? Target) Port(JsonNode port)
    {
        if (port is JsonValue)
        {
            var parts = port.GetValue<string>().Split('/')[0].Split(':');
            return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : (null, parts[0], parts[^1]);
        }

        return (port.Text("host_ip"), port.Text("published"), port.Text("target"));
    }

    /// <summary>A mount as (source, target): docker-compose 1.29 writes "source:target:mode", Compose v2 an object.</summary>
    private static (string Source, string Target) Volume(JsonNode volume)
    {
        if (volume is JsonValue)
        {
            var parts = volume.GetValue<string>().Split(':');
            return (parts[0], parts[1]);
        }

        return (volume.Text("source")!, volume.Text("target")!);
    }

    private static string Config()
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(Folder, "docker-compose.yml"), "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        Process compose;
        try
        {
            compose = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("docker-compose is not on PATH (./heimdall test installs Debian's docker-compose package when it is missing).", ex);
        }

        using (compose)
        {
            var stderr = compose.StandardError.ReadToEndAsync();
            var output = compose.StandardOutput.ReadToEnd();
            compose.WaitForExit();
            Assert.That(compose.ExitCode, Is.Zero, $"docker-compose config failed: {stderr.Result}");
            return output;
        }
    }
}
