using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Heimdall.Testing;
using Npgsql;

namespace Heimdall.IntegrationTests;

/// <summary>
/// What an operator sees, on the three services as real processes (fresh vhost, database and bucket), with the
/// MetricsWriter reaching PostgreSQL through a <see cref="TcpForwarder"/> the test can cut: the /metrics names the
/// dashboard and the alert rules read exist, with values in the units they assume; and `deploy/local/services.sh status`
/// tells ready, not ready (naming the failing check) and stopped apart.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ObservabilityTests
{
    /// <summary>Read by the dashboard and the rules but produced elsewhere: the MetricsWriter's TimescaleDB job gauge (the lead's branch, TimescaleDB only).</summary>
    private static readonly string[] ProducedElsewhere = ["heimdall_timescaledb_jobs_failing"];

    private PipelineProcesses _pipeline = null!;
    private TcpForwarder _database = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        _pipeline = await PipelineProcesses.StartAsync(["AcquisitionCompleted"], stack =>
        {
            var direct = new NpgsqlConnectionStringBuilder(stack.Database.ConnectionString);
            _database = TcpForwarder.Start(direct.Host!, direct.Port);
            return Task.CompletedTask;
        }, (service, settings) =>
        {
            settings["Simulation:FailingReceiverIds:0"] = "7";
            if (service == "Heimdall.MetricsWriter")
            {
                // The MetricsWriter reaches PostgreSQL through the forwarder the test cuts.
                settings["ConnectionStrings:Heimdall"] = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Heimdall"]) { Host = "127.0.0.1", Port = _database.Port }.ConnectionString;
                settings["MetricsWriter:ApplyMigrationsAtStart"] = "false";
                settings["Database:RetryAttempts"] = "2";
                settings["Database:RetryBaseDelayMs"] = "50";
                settings["Messaging:OutageRequeueDelaySeconds"] = "1";
            }
        });
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await _pipeline.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TearDown]
    public void ShowServiceOutputOnFailure() => _pipeline.WriteOutputsIfTestFailed();

    private TestStack Stack => _pipeline.Stack;

    private ServiceProcess Service(string name) => _pipeline.Service(name);

    private static async Task<string> GetAsync(Uri uri)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(uri);
    }

    private Task<string> MetricsAsync(string service) => GetAsync(new Uri(Service(service).BaseAddress, "/metrics"));

    private async Task<Guid> AcquireAsync()
    {
        var id = Guid.NewGuid();
        await _pipeline.PublishRequestAsync($$"""{"acquisitionId":"{{id}}","frequencyHz":145500000,"durationSeconds":0.5}""");
        return id;
    }

    private Task<JsonMessage> CompletedAsync(Guid id) => _pipeline.CompletedAsync(id, TimeSpan.FromSeconds(90));

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string exposition, string name, params string[] labels)
    {
        var values = PromQl.Samples(exposition, name, labels);
        Assert.That(values, Has.Count.EqualTo(1), $"one sample of {name} with {string.Join(", ", labels)}");
        return values[0];
    }

    [Test]
    [Order(1)]
    public async Task When_acquisitions_run_and_PostgreSQL_goes_away_meanwhile_Should_expose_every_metric_the_dashboard_and_the_alerts_read()
    {
        var first = await AcquireAsync();
        Assert.That((await CompletedAsync(first)).Get<string>("status"), Is.EqualTo("partial"), "receiver 7 always fails");

        _database.Pause();
        var second = await AcquireAsync();
        // The series is exported at 0 from the start: wait for it to count.
        await Eventually.Get(() => MetricsAsync("Heimdall.MetricsWriter"), m => PromQl.Samples(m, "heimdall_messages_requeued_total", "queue=\"iq-archived\"", "dependency=\"PostgreSQL\"").Any(v => v >= 1),
            "the MetricsWriter to requeue while PostgreSQL is away", TimeSpan.FromSeconds(60));
        _database.Resume();
        Assert.That((await CompletedAsync(second)).Get<string>("status"), Is.EqualTo("partial"));
        await _pipeline.PublishRequestAsync($$"""{"acquisitionId":"{{Guid.NewGuid()}}","frequencyHz":145500000,"durationSeconds":0.5,"receiverIds":[99]}""");
        await Eventually.Get(() => MetricsAsync("Heimdall.Acquirer"), m => m.Contains("heimdall_acquisitions_rejected_total{", StringComparison.Ordinal), "the rejection of an unknown receiver");

        // What was put back on its queue while PostgreSQL was away went through again: none of it was dead-lettered
        // (_skipped) or faulted (_error). The messages themselves are read, not the broker's lagging statistics.
        var deadLetters = new List<string>();
        foreach (var queue in (await _pipeline.Rabbit.QueueDepthsAsync(Stack.VirtualHost)).Keys.Where(q => q.EndsWith("_skipped", StringComparison.Ordinal) || q.EndsWith("_error", StringComparison.Ordinal)))
        {
            deadLetters.AddRange((await _pipeline.Rabbit.TakeAsync(Stack.VirtualHost, queue)).Select(m => $"{queue}: {m.Payload}"));
        }

        Assert.That(deadLetters, Is.Empty);

        var acquirer = await MetricsAsync("Heimdall.Acquirer");
        var archiver = await MetricsAsync("Heimdall.IqArchiver");
        var writer = await MetricsAsync("Heimdall.MetricsWriter");
        var broker = await GetAsync(new Uri(Stack.Endpoints.RabbitMqPrometheus, "/metrics/detailed?family=queue_coarse_metrics&family=queue_consumer_count"));
        var exposed = new[] { acquirer, archiver, writer, broker }.SelectMany(PromQl.ExposedNames).Append("up").Concat(ProducedElsewhere).ToHashSet();

        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "heimdall-pipeline.json")))!;
        var dashboardNames = Expressions(dashboard).SelectMany(PromQl.MetricNames).ToHashSet();
        var ruleNames = RuleExpressions(File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "heimdall.rules.yml"))).SelectMany(PromQl.MetricNames).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(dashboardNames, Has.Count.GreaterThan(20), "the dashboard's expressions were read");
            Assert.That(dashboardNames.Except(exposed), Is.Empty, "the dashboard reads metrics no service or broker exposes");
            Assert.That(ruleNames.Except(exposed), Is.Empty, "the alert rules read metrics no service or broker exposes");

            // Two acquisitions of six stored and one failed receiver each; latency in seconds (a 0.5 s capture is above 0.5).
            Assert.That(Sample(writer, "heimdall_acquisitions_completed_total", "status=\"partial\""), Is.EqualTo(2));
            Assert.That(Sample(writer, "heimdall_acquisitions_latency_seconds_count", "status=\"partial\""), Is.EqualTo(2));
            Assert.That(Sample(writer, "heimdall_acquisitions_latency_seconds_bucket", "status=\"partial\"", "le=\"0.5\""), Is.Zero);
            Assert.That(Sample(writer, "heimdall_acquisitions_latency_seconds_bucket", "status=\"partial\"", "le=\"600\""), Is.EqualTo(2));
            Assert.That(Sample(writer, "heimdall_measurements_rows_stored_total"), Is.EqualTo(12));
            Assert.That(Sample(writer, "heimdall_messages_requeued_total", "queue=\"iq-archived\"", "dependency=\"PostgreSQL\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sample(writer, "heimdall_dependency_retries_total", "dependency=\"PostgreSQL\""), Is.GreaterThanOrEqualTo(2));
            Assert.That(Sample(acquirer, "heimdall_captures_failed_total", "receiver_id=\"7\""), Is.EqualTo(2));
            Assert.That(Sample(acquirer, "heimdall_acquisitions_rejected_total"), Is.EqualTo(1));
            Assert.That(Sample(acquirer, "heimdall_captures_total", "receiver_id=\"1\"", "signal_detected=\"true\""), Is.EqualTo(2));
            Assert.That(Sample(acquirer, "heimdall_signal_snr_db_count", "receiver_id=\"1\""), Is.EqualTo(2));
            Assert.That(Sample(archiver, "heimdall_recordings_bytes_total"), Is.EqualTo(12 * 24_000));
            Assert.That(Sample(broker, "rabbitmq_detailed_queue_consumers", $"vhost=\"{Stack.VirtualHost}\"", "queue=\"iq-archived\""), Is.EqualTo(1));
        });
    }

    [Test]
    [Order(2)]
    public async Task When_a_service_runs_but_PostgreSQL_is_unreachable_Should_status_say_not_ready_naming_the_check()
    {
        var home = Directory.CreateTempSubdirectory("heimdall-status-");
        try
        {
            var writer = Service("Heimdall.MetricsWriter");
            var archiver = Service("Heimdall.IqArchiver");
            var run = Directory.CreateDirectory(Path.Combine(home.FullName, "run"));
            await File.WriteAllTextAsync(Path.Combine(run.FullName, "Heimdall.MetricsWriter.pid"), writer.ProcessId + "\n");
            await File.WriteAllTextAsync(Path.Combine(run.FullName, "Heimdall.IqArchiver.pid"), archiver.ProcessId + "\n");
            await File.WriteAllTextAsync(Path.Combine(run.FullName, "Heimdall.Acquirer.pid"), Environment.ProcessId + "\n");
            var services = $"Heimdall.MetricsWriter:{writer.BaseAddress.Port} Heimdall.IqArchiver:{archiver.BaseAddress.Port} Heimdall.Acquirer:{FreePort()} Heimdall.Api:{FreePort()}";

            _database.Pause();
            using var http = new HttpClient();
            await Eventually.Get(async () => (await http.GetAsync(new Uri(writer.BaseAddress, "/health/ready"))).StatusCode, c => c == HttpStatusCode.ServiceUnavailable, "the MetricsWriter to be not ready");
            var (exit, output) = await StatusAsync(home.FullName, services);
            _database.Resume();

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Spaces().Replace(l, " ")).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(1));
                Assert.That(lines, Has.Count.EqualTo(4), output);
                Assert.That(lines[0], Does.StartWith("Heimdall.MetricsWriter not ready postgres Unhealthy: PostgreSQL is not reachable: "));
                Assert.That(lines[1], Is.EqualTo($"Heimdall.IqArchiver ready http://127.0.0.1:{archiver.BaseAddress.Port}/health/ready"));
                Assert.That(lines[2], Does.StartWith($"Heimdall.Acquirer not ready pid {Environment.ProcessId} runs but nothing answers on "));
                Assert.That(lines[3], Is.EqualTo($"Heimdall.Api stopped (log {home.FullName}/logs/Heimdall.Api.log)"));
            });

            await Eventually.Get(async () => (await http.GetAsync(new Uri(writer.BaseAddress, "/health/ready"))).StatusCode, c => c == HttpStatusCode.OK, "the MetricsWriter to be ready again");
            var (readyExit, readyOutput) = await StatusAsync(home.FullName, $"Heimdall.MetricsWriter:{writer.BaseAddress.Port} Heimdall.IqArchiver:{archiver.BaseAddress.Port}");
            Assert.That(readyExit, Is.Zero, readyOutput);
            Assert.That(readyOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]), Is.EqualTo(new[] { "ready", "ready" }));
        }
        finally
        {
            _database.Resume();
            home.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> StatusAsync(string home, string services)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "local", "services.sh"), "status"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HEIMDALL_HOME"] = home;
        start.Environment["HEIMDALL_SERVICES"] = services;
        using var status = Process.Start(start)!;
        var output = await status.StandardOutput.ReadToEndAsync();
        var errors = await status.StandardError.ReadToEndAsync();
        await status.WaitForExitAsync();
        return (status.ExitCode, output + errors);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IEnumerable<string> Expressions(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "expr" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : Expressions(p.Value)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Expressions),
        _ => [],
    };

    /// <summary>The rule file's expressions: 'expr: …' on one line, or 'expr: |' and the more indented lines below.</summary>
    private static IEnumerable<string> RuleExpressions(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed["expr:".Length..].Trim();
            if (value != "|")
            {
                yield return value;
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var block = new List<string>();
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
            {
                block.Add(lines[++i]);
            }

            yield return string.Join('\n', block);
        }
    }

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
