using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;
using Heimdall.Testing;

namespace Heimdall.Api.Tests;

/// <summary>
/// <c>heimdall acquisitions submit</c> through the real API (published on the stack's own virtual host, where no
/// Acquirer listens): what it prints, its refusals, and <c>--wait</c> following the acquisition to an outcome that the
/// test records as the Acquirer would.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_the_CLI_submits_an_acquisition
{
    private ApiHost _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await ApiHost.StartAsync(DateTimeOffset.UtcNow, withVirtualHost: true);

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string? key, params string[] args) => CliRunner.RunAsync(_api, key, args);

    [Test]
    public async Task Submit_Should_print_what_was_accepted_or_its_JSON()
    {
        var (code, output, error) = await RunAsync(ApiHost.WriteKey, "acquisitions", "submit", "--frequency", "145.5e6", "--duration", "1", "--receivers", "1,3");
        var (jsonCode, json, _) = await RunAsync(ApiHost.WriteKey, "acquisitions", "submit", "--frequency", "145.5e6", "--json");
        var accepted = JsonNode.Parse(json)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((code, jsonCode, error), Is.EqualTo((0, 0, "")));
            Assert.That(output, Does.Match(@"^acquisition [0-9a-f-]{36} requested: receivers 1,3, starting \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\nfollow it: heimdall acquisitions show [0-9a-f-]{36}\n$"));
            Assert.That(accepted["status"]!.GetValue<string>(), Is.EqualTo("requested"));
            Assert.That(accepted["receiverIds"]!.AsArray(), Has.Count.EqualTo(7), "every enabled receiver covering 145.5 MHz");
        }
    }

    [Test]
    public async Task Submit_Should_be_refused_as_the_API_refuses_it()
    {
        var (rejected, _, rejectedError) = await RunAsync(ApiHost.WriteKey, "acquisitions", "submit", "--frequency", "1e12", "--duration", "301");
        var (readOnly, _, readOnlyError) = await RunAsync(ApiHost.ReadKey, "acquisitions", "submit", "--frequency", "145.5e6");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected, Is.EqualTo(ExitCodes.Rejected));
            Assert.That(rejectedError, Does.StartWith("error: 400 ").And.Contain("\n  durationSeconds: "));
            Assert.That(readOnly, Is.EqualTo(ExitCodes.Unauthorized));
            Assert.That(readOnlyError, Does.Contain("the key is read-only"));
        }
    }

    [Test]
    public async Task Wait_Should_give_up_after_its_timeout_when_nothing_claims_the_acquisition()
    {
        var (code, output, error) = await RunAsync(ApiHost.WriteKey, "acquisitions", "submit", "--frequency", "145.5e6", "--wait", "--timeout", "1");
        Assert.That((code, output), Is.EqualTo((ExitCodes.Failed, "")));
        Assert.That(error, Does.Match(@"^error: acquisition [0-9a-f-]{36} is still requested after 1 s: is every service running\?"));
    }

    [TestCase("completed", 2, 0, 0)]
    [TestCase("failed", 0, 2, ExitCodes.AcquisitionFailed)]
    public async Task Wait_Should_print_the_outcome_and_exit_as_demo_does(string status, int stored, int failed, int exitCode)
    {
        var id = Guid.NewGuid();
        var run = RunAsync(ApiHost.WriteKey, "acquisitions", "submit", "--frequency", "145.5e6", "--receivers", "1,2", "--id", id.ToString(), "--wait", "--timeout", "60");
        // The positive event: the API has recorded the request, so the CLI is following it.
        await Eventually.Get(() => _api.Stack.Database.ScalarAsync<long>($"select count(*) from acquisition_requests where acquisition_id = '{id}'"),
            count => count == 1, "the request recorded", TimeSpan.FromSeconds(30));
        await _api.Stack.Database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, started_at, captured_at, completed_at, frequency_hz, duration_seconds,
                                      receivers_expected, receivers_stored, receivers_failed, receiver_ids, requested_by)
            values ('{id}', '{status}', now(), now(), now(), 145500000, 1, 2, {stored}, {failed}, array[1, 2], 'tester')
            """);
        var (code, output, error) = await run;
        Assert.That((code, error), Is.EqualTo((exitCode, "")));
        Assert.That(output, Does.Contain($"acquisition  {id}").And.Contain($"status       {status} ({stored} stored, {failed} failed of 2)"));
    }
}
