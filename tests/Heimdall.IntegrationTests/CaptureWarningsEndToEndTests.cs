using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.IntegrationTests;

/// <summary>
/// Every warning a capture earns reaches its measurement (issue 17, finding 4): the three services and the API as real
/// processes, the Acquirer told to fail the first attempt of receiver 3 (<c>Simulation:FlakyReceiverIds</c>). The
/// capture that comes from the second attempt carries the same warning, word for word, and its attempt count in its
/// recording's <c>heimdall:timing</c>, its row of <c>measurements</c>, the API's measurement resource and
/// <c>heimdall acquisitions show</c>; an <c>IqArchived</c> from a producer older than the fields is stored with no
/// warnings and unknown attempts.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class CaptureWarningsEndToEndTests
{
    private const string Key = "capture-warnings-test-key";
    private const int Flaky = 3;
    private const int Steady = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private PipelineProcesses _pipeline = null!;
    private ServiceProcess _api = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        _pipeline = await PipelineProcesses.StartAsync(["AcquisitionStarted", "AcquisitionCompleted"], configure: (service, settings) =>
        {
            settings["ReceiverHealth:Enabled"] = "false";
            if (service == "Heimdall.Acquirer")
            {
                settings["Simulation:FlakyReceiverIds:0"] = Flaky.ToString(CultureInfo.InvariantCulture);
            }
        });
        var settings = _pipeline.Stack.Settings;
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Api:Keys:tester"] = Key;
        _api = await ServiceProcess.StartAsync("Heimdall.Api", settings);
        _http = new HttpClient { BaseAddress = _api.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        _http?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _pipeline.DisposeAsync();
    }

    [TearDown]
    public void ShowServiceOutputOnFailure() => ServiceProcess.WriteOutputsIfTestFailed(_api is null ? _pipeline.Services : [.. _pipeline.Services, _api]);

    private TestStack Stack => _pipeline.Stack;

    [Test]
    public async Task A_capture_from_its_second_attempt_Should_carry_its_warning_and_attempts_into_its_row_the_API_and_the_CLI()
    {
        var id = Guid.NewGuid();
        await _pipeline.PublishRequestAsync($$"""{"acquisitionId":"{{id}}","frequencyHz":145500000,"durationSeconds":0.5,"receiverIds":[{{Flaky}},{{Steady}}]}""");
        var completed = await _pipeline.CompletedAsync(id, Timeout);
        var start = DateTimeOffset.Parse((await _pipeline.AwaitAsync("AcquisitionStarted", id)).Get<string>("startAtUtc"), CultureInfo.InvariantCulture);
        Assert.That(completed.Get<string>("status"), Is.EqualTo("completed"));

        // The recording's heimdall:timing, as the IqArchiver wrote it.
        var meta = JsonNode.Parse((await Stack.CreateObjectStore().GetAsync(Stack.Bucket, $"acquisitions/{id}/{Flaky}.sigmf-meta", CancellationToken.None))!)!;
        var timing = meta["global"]!["heimdall:timing"]!;
        var recorded = timing["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray();
        Assert.That(recorded, Has.Length.EqualTo(1), string.Join(" | ", recorded));
        var match = AttemptWarning().Match(recorded[0]);
        Assert.That(match.Success, Is.True, recorded[0]);
        Assert.That(timing["attempts"]!.GetValue<int>(), Is.EqualTo(2));

        // The row: the same sentence, word for word, and the lateness it states is the row's own start against the requested one.
        var row = await Stack.Database.ScalarAsync<string[]>($"select warnings from measurements where acquisition_id = '{id}' and receiver_id = {Flaky}");
        var capturedAt = await Stack.Database.ScalarAsync<DateTime>($"select captured_at from measurements where acquisition_id = '{id}' and receiver_id = {Flaky}");
        var counts = await Stack.Database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '|' || cardinality(warnings) || '|' || attempts, ';' order by receiver_id)
            from measurements where acquisition_id = '{id}'
            """);
        Assert.Multiple(() =>
        {
            Assert.That(row, Is.EqualTo(recorded));
            Assert.That(double.Parse(match.Groups["late"].Value, CultureInfo.InvariantCulture), Is.EqualTo((capturedAt - start.UtcDateTime).TotalSeconds).Within(0.0011),
                "the warning states the lateness to the millisecond (the row keeps microseconds)");
            Assert.That(counts, Is.EqualTo($"{Flaky}|1|2;{Steady}|0|1"));
        });

        // The API's measurement resource, in both places it is served.
        var measurements = (await _http.GetFromJsonAsync<JsonArray>($"/api/acquisitions/{id}/measurements"))!;
        var acquisition = (await _http.GetFromJsonAsync<JsonObject>($"/api/acquisitions/{id}"))!;
        foreach (var served in new[] { measurements, acquisition["measurements"]!.AsArray() })
        {
            Assert.That(served.Select(m => $"{m!["receiverId"]}|{string.Join(" / ", m["warnings"]!.AsArray().Select(w => w!.GetValue<string>()))}|{m["attempts"]}"),
                Is.EqualTo(new[] { $"{Flaky}|{recorded[0]}|2", $"{Steady}||1" }));
        }

        // heimdall acquisitions show, over the API.
        var (exitCode, output, error) = await CliProcess.RunAsync(["acquisitions", "show", id.ToString()],
            [KeyValuePair.Create("HEIMDALL_API_URL", (string?)_api.BaseAddress.ToString()), KeyValuePair.Create("HEIMDALL_API_KEY", (string?)Key)], Timeout);
        var lines = output.Split('\n');
        var header = Cells(lines.Single(l => l.StartsWith("rx ", StringComparison.Ordinal)));
        string Cell(int receiverId, string column) =>
            Cells(lines.Single(l => Cells(l)[0] == receiverId.ToString(CultureInfo.InvariantCulture)))[Array.IndexOf(header, column)];
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output + error);
            Assert.That(lines.Where(l => l.StartsWith("warning ", StringComparison.Ordinal)), Is.EqualTo(new[] { $"warning      rx {Flaky}: {recorded[0]}" }));
            Assert.That((Cell(Flaky, "tries"), Cell(Steady, "tries")), Is.EqualTo(("2", "1")));
        });
    }

    [Test]
    public async Task An_IqArchived_from_a_producer_older_than_warnings_and_attempts_Should_be_stored_and_served_with_none_and_unknown_attempts()
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow.AddSeconds(-30).ToString("O", CultureInfo.InvariantCulture);
        string Archived(int receiverId, string extra) =>
            $$"""
            {"acquisitionId":"{{id}}","receiverId":{{receiverId}},"captureStartUtc":"{{at}}","frequencyHz":145500000,
             "sampleRateHz":12000,"sampleCount":6000,"metrics":{"signalDetected":true,"snrDb":31,"frequencyOffsetHz":-99,"powerDbfs":-39.5,
             "powerDbm":null,"noiseFloorDbfsPerHz":-111,"peakPsdDbfsPerHz":-59,"occupiedBandwidthHz":2001,"clippingFraction":0},
             "iqUri":"s3://b/{{receiverId}}.sigmf-data","metaUri":"s3://b/{{receiverId}}.sigmf-meta","bytes":24000,"iqSha512":"{{new string('a', 128)}}"{{extra}}}
            """;

        foreach (var payload in new[] { Archived(1, ""), Archived(2, ""","warnings":["Sequence gap: 3 packets missing."],"attempts":3""") })
        {
            Assert.That(await _pipeline.Rabbit.PublishAsync(Stack.VirtualHost, "Heimdall.Contracts:IqArchived", payload), Is.True, "the IqArchived exchange routes to the MetricsWriter's queue");
        }

        await Eventually.Get(() => Stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}'"), n => n == 2, "both rows", Timeout);
        Assert.That(await Stack.Database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '|' || coalesce(array_to_string(warnings, ' / '), 'NULL') || '|' || coalesce(attempts::text, 'NULL'), ';' order by receiver_id)
            from measurements where acquisition_id = '{id}'
            """), Is.EqualTo("1||NULL;2|Sequence gap: 3 packets missing.|3"), "no warnings ('{}', not NULL) and unknown attempts from the older producer");
        var recent = (await _http.GetFromJsonAsync<JsonObject>("/api/measurements/recent?hours=1&limit=1000"))!["items"]!.AsArray()
            .Where(m => m!["acquisitionId"]!.GetValue<string>() == id.ToString()).OrderBy(m => m!["receiverId"]!.GetValue<int>());
        Assert.That(recent.Select(m => $"{m!["receiverId"]}|{m["warnings"]!.ToJsonString()}|{m["attempts"]?.ToJsonString() ?? "null"}"),
            Is.EqualTo(new[] { "1|[]|null", "2|[\"Sequence gap: 3 packets missing.\"]|3" }));
    }

    /// <summary>The cells of a line of the CLI's tables: padded to their column, two spaces at least between them.</summary>
    private static string[] Cells(string line) => ColumnGap().Split(line.Trim());

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^The capture comes from attempt 2 of the receiver, (?<late>\d+(\.\d+)?) s after the requested start: attempt 1 failed: receiver 3 'Torino' is configured to fail its first attempt \(Simulation:FlakyReceiverIds\)\.$")]
    private static partial Regex AttemptWarning();
}
