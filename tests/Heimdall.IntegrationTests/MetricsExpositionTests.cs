using System.Diagnostics;
using Heimdall.Testing;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The four services as real processes on a fresh stack, scraped the moment they are ready, before anything happened:
/// every counter an alert reads with increase() is already exported at 0 (a series that first appears at 1 is invisible
/// to increase()). Scraped again after one acquisition went through the pipeline and the API answered a request (so
/// that the instruments that appear only once they record something are there too), `promtool check metrics` has
/// nothing to say about any service's real /metrics.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MetricsExpositionTests
{
    private static readonly string[] Services = ["Heimdall.MetricsWriter", "Heimdall.IqArchiver", "Heimdall.Acquirer", "Heimdall.Api"];
    private readonly Dictionary<string, string> _atStart = [];
    private readonly Dictionary<string, string> _afterWork = [];
    private readonly List<ServiceProcess> _services = [];
    private TestStack _stack = null!;

    [OneTimeSetUp]
    public async Task StartAndScrape()
    {
        _stack = await TestStack.CreateAsync(withVirtualHost: true);
        var settings = _stack.Settings;
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["ReceiverHealth:Enabled"] = "false";
        settings["Api:Keys:tester"] = "metrics-exposition-test-key";
        foreach (var service in Services)
        {
            _services.Add(await ServiceProcess.StartAsync(service, settings));
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var service in _services)
        {
            _atStart[service.Service] = await http.GetStringAsync(new Uri(service.BaseAddress, "/metrics"));
        }

        using var rabbit = new RabbitMqManagement(_stack.Endpoints);
        await rabbit.BindObserverAsync(_stack.VirtualHost, "observe-completed", "Heimdall.Contracts:AcquisitionCompleted");
        var payload = $$"""{"acquisitionId":"{{Guid.NewGuid()}}","frequencyHz":145500000,"durationSeconds":0.5}""";
        Assert.That(await rabbit.PublishAsync(_stack.VirtualHost, "Heimdall.Contracts:AcquisitionRequested", payload), Is.True);
        Assert.That(await rabbit.WaitForAsync(_stack.VirtualHost, "observe-completed", 1, TimeSpan.FromSeconds(90)), Has.Count.EqualTo(1));
        var api = _services.Single(s => s.Service == "Heimdall.Api");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api.BaseAddress, "/api/receivers"));
        request.Headers.Add("X-Api-Key", "metrics-exposition-test-key");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        foreach (var service in _services)
        {
            _afterWork[service.Service] = await http.GetStringAsync(new Uri(service.BaseAddress, "/metrics"));
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        await _stack.DisposeAsync();
    }

    [TearDown]
    public void ShowServiceOutputOnFailure() => ServiceProcess.WriteOutputsIfTestFailed(_services);

    private static IEnumerable<TestCaseData> ZeroSeries()
    {
        TestCaseData Case(string service, string name, params string[] labels) =>
            new TestCaseData(service, name, labels).SetName($"{service} should export {name}{{{string.Join(",", labels)}}} at 0 from the start");

        foreach (var status in new[] { "completed", "partial", "failed" })
        {
            yield return Case("Heimdall.MetricsWriter", "heimdall_acquisitions_completed_total", $"status=\"{status}\"");
        }

        yield return Case("Heimdall.MetricsWriter", "heimdall_messages_requeued_total", "queue=\"iq-archived\"", "dependency=\"PostgreSQL\"");
        yield return Case("Heimdall.MetricsWriter", "heimdall_messages_requeued_total", "queue=\"receiver-capture-failed\"", "dependency=\"PostgreSQL\"");
        yield return Case("Heimdall.MetricsWriter", "heimdall_messages_requeued_total", "queue=\"acquisition-lifecycle\"", "dependency=\"PostgreSQL\"");
        yield return Case("Heimdall.MetricsWriter", "heimdall_dependency_retries_total", "dependency=\"PostgreSQL\"");
        yield return Case("Heimdall.IqArchiver", "heimdall_messages_requeued_total", "queue=\"iq-captured\"", "dependency=\"S3\"");
        yield return Case("Heimdall.IqArchiver", "heimdall_messages_requeued_total", "queue=\"acquisition-collection\"", "dependency=\"S3\"");
        yield return Case("Heimdall.IqArchiver", "heimdall_dependency_retries_total", "dependency=\"S3\"");
        yield return Case("Heimdall.Acquirer", "heimdall_messages_requeued_total", "queue=\"acquisition-requested\"", "dependency=\"PostgreSQL\"");
        yield return Case("Heimdall.Acquirer", "heimdall_messages_requeued_total", "queue=\"acquisition-requested\"", "dependency=\"S3\"");
        yield return Case("Heimdall.Acquirer", "heimdall_dependency_retries_total", "dependency=\"PostgreSQL\"");
        yield return Case("Heimdall.Acquirer", "heimdall_dependency_retries_total", "dependency=\"S3\"");
    }

    [TestCaseSource(nameof(ZeroSeries))]
    public void An_alerting_counter_should_be_exported_at_zero_before_its_first_event(string service, string name, string[] labels) =>
        Assert.That(PromQl.Samples(_atStart[service], name, labels), Is.EqualTo(new[] { 0.0 }), $"{name} with {string.Join(", ", labels)} on {service}'s /metrics");

    [TestCaseSource(nameof(Services))]
    public async Task Promtool_check_metrics_should_find_nothing_to_complain_about(string service)
    {
        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process promtool;
        try
        {
            promtool = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("promtool is not on PATH (./heimdall test installs Debian's prometheus package when it is missing).", ex);
        }

        using (promtool)
        {
            var output = promtool.StandardOutput.ReadToEndAsync();
            var errors = promtool.StandardError.ReadToEndAsync();
            await promtool.StandardInput.WriteAsync(_afterWork[service]);
            promtool.StandardInput.Close();
            await promtool.WaitForExitAsync();
            var said = (await output + await errors).Trim();
            Assert.That(said, Is.Empty, $"promtool check metrics on {service}'s /metrics");
            Assert.That(promtool.ExitCode, Is.Zero);
        }
    }
}
