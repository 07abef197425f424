using System.Net;
using System.Text.Json.Nodes;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>The read endpoints over HTTP on <see cref="SeededMeasurements"/>, the clock at T0 + 4 h.</summary>
[TestFixture]
public sealed class When_the_API_is_read
{
    private ApiHost _api = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4));
        await SeedAsync(_api.Stack.Database, _api.Stack.Bucket);
        _client = _api.Client(ApiHost.ReadKey);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Recent_Should_page_with_the_cursor_to_the_last_page()
    {
        var ids = new List<(string, int)>();
        var sizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync($"/api/measurements/recent?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}")).JsonAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray();
            sizes.Add(items.Count);
            ids.AddRange(items.Select(i => (i!["acquisitionId"]!.GetValue<string>(), i["receiverId"]!.GetValue<int>())));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(sizes, Is.EqualTo(new[] { 3, 3, 2 }));
        Assert.That(ids, Is.EqualTo(NewestFirst.Select(r => (r.Acquisition.ToString(), r.Receiver))));
    }

    [Test]
    public async Task Recent_Should_filter_and_write_the_null_rule_as_nulls()
    {
        var page = await (await _client.GetAsync("/api/measurements/recent?signalDetected=false&hours=4")).JsonAsync(HttpStatusCode.OK);
        var only = page["items"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(only["acquisitionId"]!.GetValue<string>(), Is.EqualTo(A1b.ToString()));
            Assert.That(only["signalDetected"]!.GetValue<bool>(), Is.False);
            Assert.That(only.AsObject().ContainsKey("snrDb") && only["snrDb"] is null, Is.True, "snrDb written as null");
            Assert.That(only["capturedAt"]!.GetValue<string>(), Is.EqualTo("2026-11-20T01:30:00Z"));
        }

        var lastHour = await (await _client.GetAsync("/api/measurements/recent?hours=1.5")).JsonAsync(HttpStatusCode.OK);
        Assert.That(lastHour["items"]!.AsArray().Select(i => i!["receiverId"]!.GetValue<int>()), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task One_acquisition_Should_list_outcomes_recordings_and_measurements()
    {
        var body = await (await _client.GetAsync($"/api/acquisitions/{A3}")).JsonAsync(HttpStatusCode.OK);
        var receivers = body["receivers"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["acquisition"]!["status"]!.GetValue<string>(), Is.EqualTo("partial"));
            Assert.That(receivers[0]!["dataUrl"]!.GetValue<string>(), Is.EqualTo($"/api/acquisitions/{A3}/recordings/1.sigmf-data"));
            Assert.That(receivers[0]!["metaUri"]!.GetValue<string>(), Is.EqualTo($"s3://{_api.Stack.Bucket}/acquisitions/{A3}/1.sigmf-meta"));
            Assert.That(receivers[1]!["outcome"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(receivers[1]!["detail"]!.GetValue<string>(), Is.EqualTo(FailureReason));
            Assert.That(receivers[1]!["dataUrl"], Is.Null);
            Assert.That(body["measurements"]!.AsArray(), Has.Count.EqualTo(1));
        }

        var measurements = await (await _client.GetAsync($"/api/acquisitions/{A2}/measurements")).JsonAsync(HttpStatusCode.OK);
        Assert.That(measurements.AsArray().Select(m => m!["snrDb"]!.GetValue<double>()), Is.EqualTo(new[] { 30.0, 7.0 }));
    }

    [Test]
    public async Task Recent_acquisitions_Should_filter_by_status()
    {
        var rejected = await (await _client.GetAsync("/api/acquisitions?status=rejected")).JsonAsync(HttpStatusCode.OK);
        var two = await (await _client.GetAsync("/api/acquisitions?limit=2")).JsonAsync(HttpStatusCode.OK);
        Assert.That(rejected.AsArray().Select(a => a!["acquisitionId"]!.GetValue<string>()), Is.EqualTo(new[] { Rejected.ToString() }));
        Assert.That(two.AsArray().Select(a => a!["acquisitionId"]!.GetValue<string>()), Is.EqualTo(new[] { Rejected.ToString(), A3.ToString() }));
    }

    [Test]
    public async Task Statistics_and_drift_Should_be_exact()
    {
        var stats = await (await _client.GetAsync("/api/statistics/snr?hours=4&receiverId=1")).JsonAsync(HttpStatusCode.OK);
        var drift = await (await _client.GetAsync("/api/analysis/frequency-drift?from=2026-11-20T00:00:00Z&to=2026-11-20T04:00:00Z&bucketMinutes=120")).JsonAsync(HttpStatusCode.OK);

        var one = stats.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one["count"]!.GetValue<long>(), Is.EqualTo(5));
            Assert.That(one["detectedCount"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(one["meanSnrDb"]!.GetValue<double>(), Is.EqualTo(25).Within(1e-9));
            Assert.That(one["p90SnrDb"]!.GetValue<double>(), Is.EqualTo(37).Within(1e-9));
            Assert.That(one["source"]!.GetValue<string>(), Is.EqualTo("raw"));
            Assert.That(drift[0]!["driftHzPerHour"]!.GetValue<double>(), Is.EqualTo(0.8).Within(1e-9));
            Assert.That(drift[0]!["driftStandardErrorHzPerHour"]!.GetValue<double>(), Is.EqualTo(Math.Sqrt(0.18)).Within(1e-9));
            Assert.That(drift[0]!["series"]!.AsArray().Select(p => p!["meanOffsetHz"]!.GetValue<double>()), Is.EqualTo(new[] { 2.0, 3.0 }));
        }
    }

    [TestCase("/api/measurements/recent?limit=abc", "limit")]
    [TestCase("/api/measurements/recent?limit=-1", "limit")]
    [TestCase("/api/measurements/recent?limit=1000000", "limit")]
    [TestCase("/api/measurements/recent?hours=0", "hours")]
    [TestCase("/api/measurements/recent?hours=100000", "hours")]
    [TestCase("/api/measurements/recent?receiverId=x", "receiverId")]
    [TestCase("/api/measurements/recent?minFrequencyHz=440e6&maxFrequencyHz=430e6", "minFrequencyHz")]
    [TestCase("/api/measurements/recent?signalDetected=maybe", "signalDetected")]
    [TestCase("/api/measurements/recent?cursor=garbage", "cursor")]
    [TestCase("/api/acquisitions?status=done", "status")]
    [TestCase("/api/acquisitions?limit=0", "limit")]
    [TestCase("/api/statistics/snr?from=2026-11-20T04:00:00Z&to=2026-11-20T00:00:00Z", "from")]
    [TestCase("/api/statistics/snr?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [TestCase("/api/statistics/snr?from=yesterday", "from")]
    [TestCase("/api/statistics/snr?hours=4&from=2026-11-20T00:00:00Z", "hours")]
    [TestCase("/api/analysis/frequency-drift?bucketMinutes=0", "bucketMinutes")]
    [TestCase("/api/analysis/frequency-drift?hours=744&bucketMinutes=1", "bucketMinutes")]
    [TestCase("/api/analysis/frequency-drift?receiverId=-3", "receiverId")]
    public async Task Bad_input_Should_be_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var problem = await (await _client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]?.AsObject().ContainsKey(parameter), Is.True, problem.ToJsonString());
    }

    [TestCase("/api/acquisitions/6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [TestCase("/api/acquisitions/6f9619ff-8b86-d011-b42d-00cf4fc964ff/measurements")]
    [TestCase("/api/receivers/99")]
    [TestCase("/api/acquisitions/00000000-0000-0000-0000-0000000000a0/recordings/1.sigmf-data")]
    [TestCase("/api/nothing-here")]
    public async Task An_unknown_id_Should_be_a_404_problem(string url)
    {
        await (await _client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Status_Should_answer_with_the_schema_version()
    {
        var status = await (await _client.GetAsync("/api/status")).JsonAsync(HttpStatusCode.OK);
        Assert.That(status["schemaVersion"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(6), "007 is the TimescaleDB variant of 006");
        Assert.That(status["serverVersion"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Health_Should_be_null_uptimes_without_probes_and_UTC_times_with_them()
    {
        await _api.Stack.Database.ExecuteAsync(
            "insert into receiver_health (receiver_id, probed_at, reachable, latency_ms, detail) values (7, now() - interval '1 minute', true, 12.5, 'answered')");
        var unprobed = await (await _client.GetAsync("/api/receivers/6")).JsonAsync(HttpStatusCode.OK);
        var probed = await (await _client.GetAsync("/api/receivers/7")).JsonAsync(HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unprobed["health"]!.ToJsonString(), Is.EqualTo("""{"receiverId":6,"uptime24h":null,"probes24h":0,"uptime7d":null,"probes7d":0,"latest":null}"""));
            Assert.That(probed["health"]!["uptime24h"]!.GetValue<double>(), Is.EqualTo(1));
            Assert.That(probed["health"]!["uptime7d"]!.GetValue<double>(), Is.EqualTo(1));
            Assert.That(probed["health"]!["latest"]!["probedAt"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"));
        }
    }

    [Test]
    public async Task CORS_Should_be_off_unless_origins_are_configured()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/receivers");
        request.Headers.Add("Origin", "https://console.example.org");
        using var response = await _client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task A_measurement_Should_say_how_its_time_was_obtained()
    {
        await _api.Stack.Database.ExecuteAsync($"update measurements set timing_source = 'gnss' where acquisition_id = '{A2}' and receiver_id = 1");
        var rows = await (await _client.GetAsync($"/api/acquisitions/{A2}/measurements")).JsonAsync(HttpStatusCode.OK);
        Assert.That(rows.AsArray().Select(m => m!.AsObject().TryGetPropertyValue("timingSource", out var source) ? source?.GetValue<string>() ?? "null" : "absent"),
            Is.EqualTo(new[] { "gnss", "null" }), "written for every row, null where it was not recorded");
    }

    [Test]
    public async Task A_measurement_Should_say_what_it_was_made_from_and_its_standard_uncertainties()
    {
        await _api.Stack.Database.ExecuteAsync($"""
            update measurements set basis = 'audio', snr_sigma_db = 0.25, frequency_offset_sigma_hz = 2.5, power_sigma_db = 0.125
            where acquisition_id = '{A2}' and receiver_id = 1
            """);
        var rows = await (await _client.GetAsync($"/api/acquisitions/{A2}/measurements")).JsonAsync(HttpStatusCode.OK);
        Assert.That(rows.AsArray().Select(m => string.Join("|", new[] { "basis", "snrSigmaDb", "frequencyOffsetSigmaHz", "powerSigmaDb" }
                .Select(k => m!.AsObject().TryGetPropertyValue(k, out var v) ? v?.ToJsonString() ?? "null" : "absent"))),
            Is.EqualTo(new[] { "\"audio\"|0.25|2.5|0.125", "\"iq\"|null|null|null" }), "a row stored without a basis was measured on IQ; no uncertainty stated is null");
    }

    [Test]
    public async Task A_measurement_Should_carry_its_warnings_and_attempts_and_a_row_stored_before_them_none_and_null()
    {
        const string Waited = "The capture waited 1.25 s for a channel of the receiver that Heimdall's own acquisition a1 held.";
        await _api.Stack.Database.ExecuteAsync($"""
            update measurements set warnings = array['{Waited.Replace("'", "''", StringComparison.Ordinal)}', 'GNSS: "stale", {"{"}gaps{"}"}'], attempts = 2
            where acquisition_id = '{A1}' and receiver_id = 1
            """);
        try
        {
            var rows = await (await _client.GetAsync($"/api/acquisitions/{A1}/measurements")).JsonAsync(HttpStatusCode.OK);
            Assert.That(rows.AsArray().Select(m => $"{m!["receiverId"]}|{m["warnings"]!.GetValueKind()}:{string.Join(" / ", m["warnings"]!.AsArray().Select(w => w!.GetValue<string>()))}|{m["attempts"]?.ToJsonString() ?? "null"}"),
                Is.EqualTo(new[] { $"1|Array:{Waited} / GNSS: \"stale\", {{gaps}}|2", "2|Array:|null" }),
                "every warning as stored; a row stored before the columns has none (an empty array) and unknown attempts");
        }
        finally
        {
            await _api.Stack.Database.ExecuteAsync($"update measurements set warnings = null, attempts = null where acquisition_id = '{A1}'");
        }
    }

    [Test]
    public async Task A_read_without_a_key_Should_be_401_when_reads_are_closed()
    {
        using var anonymous = _api.Client(null);
        using var wrong = _api.Client("wrong-key-wrong-key-wrong");
        await (await anonymous.GetAsync("/api/receivers")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await wrong.GetAsync("/api/receivers")).ProblemAsync(HttpStatusCode.Unauthorized);
        var receivers = await (await _client.GetAsync("/api/receivers")).JsonAsync(HttpStatusCode.OK);
        Assert.That(receivers.AsArray().Select(r => r!["receiverId"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(receivers[0]!["lastCapturedAt"]!.GetValue<string>(), Is.EqualTo("2026-11-20T03:00:00Z"));
        Assert.That(receivers[2]!["lastCapturedAt"], Is.Null);
        Assert.That(receivers[0]!["bands"]!.AsArray(), Has.Count.EqualTo(2));
    }
}
