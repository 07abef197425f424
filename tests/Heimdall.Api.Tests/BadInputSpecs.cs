using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// The bad-input catalogue: every malformed, unknown or out-of-range input is a problem that names it in the API's
/// words (never a .NET type name), with the status that fits; nothing is read leniently.
/// </summary>
[TestFixture]
public sealed partial class When_the_API_is_given_bad_input
{
    private ApiHost _api = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4));
        await SeedAsync(_api.Stack.Database, _api.Stack.Bucket);
        _client = _api.Client();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>What a problem must never show: .NET type names and the binder's hints.</summary>
    [GeneratedRegex(@"System\.|Nullable|`1|Int32|Double|Boolean|DateTimeOffset|Guid\b|Service|Implicit body|Failed to bind")]
    private static partial Regex DotNetWords();

    private static async Task<JsonNode> ProblemNamingAsync(HttpResponseMessage response, HttpStatusCode status, string name, string says)
    {
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(status);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DotNetWords().IsMatch(text), Is.False, text);
            Assert.That(problem["errors"]?[name]?.AsArray().Select(m => m!.GetValue<string>()), Has.Some.Contain(says), text);
        }

        return problem;
    }

    [TestCase("/api/statistics/snr?from=06/12/2026", "from", "must be an ISO 8601 time with an offset, such as 2026-11-20T01:30:00Z")]
    [TestCase("/api/statistics/snr?from=12 June 2026", "from", "must be an ISO 8601 time")]
    [TestCase("/api/statistics/snr?from=2026-11-20", "from", "must be an ISO 8601 time")]
    [TestCase("/api/statistics/snr?from=2026-11-20T00:00:00", "from", "has no offset: add Z for UTC or ±hh:mm")]
    [TestCase("/api/analysis/frequency-drift?from=2026-11-20T00:00:00Z&to=2026-11-20T04:00:00", "to", "has no offset")]
    [TestCase("/api/statistics/snr?from=2026-11-20T00:00:00+01:00", "from", "a '+' in a query string is a space: write it as %2B")]
    [TestCase("/api/statistics/snr?from=2026-13-40T00:00:00Z", "from", "is not a time of the calendar")]
    [TestCase("/api/measurements/recent?receiver=3", "receiver", "receiver is not a parameter of this operation (it takes cursor, hours, limit, maxFrequencyHz, minFrequencyHz, receiverId, signalDetected); did you mean receiverId?")]
    [TestCase("/api/receivers?limit=5", "limit", "limit is not a parameter of this operation (it takes no query parameters)")]
    [TestCase("/api/measurements/recent?limit=1&limit=2", "limit", "limit is given 2 times; give it once.")]
    [TestCase("/api/measurements/recent?limit=", "limit", "limit has no value")]
    [TestCase("/api/measurements/recent?limit=abc", "limit", "limit must be a whole number (got 'abc').")]
    [TestCase("/api/measurements/recent?limit=99999999999", "limit", "limit must be a whole number")]
    [TestCase("/api/measurements/recent?limit=1.5", "limit", "limit must be a whole number (got '1.5').")]
    [TestCase("/api/measurements/recent?hours=NaN", "hours", "hours must be a number")]
    [TestCase("/api/measurements/recent?hours=1,5", "hours", "hours must be a number such as 145.5e6 or 0.5 (got '1,5').")]
    [TestCase("/api/measurements/recent?signalDetected=yes", "signalDetected", "signalDetected must be true or false (got 'yes').")]
    [TestCase("/api/measurements/recent?receiverId=x", "receiverId", "receiverId must be a whole number (got 'x').")]
    [TestCase("/api/acquisitions/not-a-guid", "id", "id must be an id such as 6f9619ff-8b86-d011-b42d-00cf4fc964ff (got 'not-a-guid').")]
    [TestCase("/api/acquisitions/not-a-guid/measurements", "id", "id must be an id such as")]
    [TestCase("/api/acquisitions/00000000-0000-0000-0000-0000000000a0/recordings/x.sigmf-data", "receiverId", "receiverId must be a whole number (got 'x').")]
    [TestCase("/api/receivers/abc", "id", "id must be a whole number (got 'abc').")]
    [TestCase("/api/measurements/recent?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor", "cursor is not one this API returned")]
    public async Task A_malformed_query_or_route_value_Should_be_a_400_naming_it(string url, string name, string says)
    {
        await ProblemNamingAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest, name, says);
    }

    [Test]
    public async Task A_cursor_of_28_zero_bytes_Should_be_refused()
    {
        var zeros = Convert.ToBase64String(new byte[28]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await ProblemNamingAsync(await _client.GetAsync("/api/measurements/recent?cursor=" + zeros), HttpStatusCode.BadRequest, "cursor", "cursor is not one this API returned");
    }

    [TestCase("/api/measurements/recent?receiverId=42")]
    [TestCase("/api/statistics/snr?receiverId=42")]
    [TestCase("/api/analysis/frequency-drift?receiverId=42")]
    public async Task An_unknown_receiverId_Should_be_a_404_not_an_empty_answer(string url)
    {
        var problem = await (await _client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("No receiver 42 is registered, and no measurement has it"));
    }

    [Test]
    public async Task A_receiver_removed_from_the_registry_Should_still_filter_its_measurements()
    {
        // Receiver 2's rows stay when it is removed; a filter by it is still an answer, not a 404.
        await _api.Stack.Database.ExecuteAsync("insert into receivers (receiver_id, name, kind, url, latitude, longitude, min_frequency_hz, max_frequency_hz, sample_rate_hz) values (90, 'Gone', 'simulated', 'sim://gone', 45, 7, 1e6, 2e6, 12000)");
        await _api.Stack.Database.ExecuteAsync($"update measurements set receiver_id = 90 where acquisition_id = '{A0}' and receiver_id = 2");
        await _api.Stack.Database.ExecuteAsync("delete from receivers where receiver_id = 90");
        try
        {
            var page = await (await _client.GetAsync("/api/measurements/recent?receiverId=90")).JsonAsync(HttpStatusCode.OK);
            Assert.That(page["items"]!.AsArray().Select(i => i!["acquisitionId"]!.GetValue<string>()), Is.EqualTo(new[] { A0.ToString() }));
        }
        finally
        {
            await _api.Stack.Database.ExecuteAsync($"update measurements set receiver_id = 2 where acquisition_id = '{A0}' and receiver_id = 90");
        }
    }

    [TestCase("{\"frequencyHz\": \"high\", \"durationSeconds\": 1}", "frequencyHz", "frequencyHz must be a number (line 1, position ")]
    [TestCase("{\"frequencyHz\": 145500000, \"durationSeconds\": 1, \"receiverIds\": [\"one\"]}", "receiverIds", "receiverIds[0] must be a whole number")]
    [TestCase("{\"frequencyHz\": 145500000, \"durationSeconds\": 1, \"startAtUtc\": \"06/12/2026 10:00\"}", "startAtUtc", "startAtUtc must be an ISO 8601 time with an offset")]
    [TestCase("{\"frequencyHz\": 145500000, \"durationSeconds\": 1, \"startAtUtc\": \"2026-06-12T10:00:00\"}", "startAtUtc", "startAtUtc must be an ISO 8601 time with an offset")]
    [TestCase("{\"frequencyHz\": 145500000, \"durationSeconds\": 1, \"acquisitionId\": \"x\"}", "acquisitionId", "acquisitionId must be an id such as")]
    [TestCase("not json", "body", "The body must be a JSON object: it is not readable JSON of that shape (line 1, position 2).")]
    [TestCase("[1, 2]", "body", "The body must be a JSON object")]
    public async Task A_body_that_cannot_be_read_Should_be_a_400_naming_the_field(string json, string field, string says)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        await ProblemNamingAsync(await _client.PostAsync("/api/acquisitions", content), HttpStatusCode.BadRequest, field, says);
    }

    [Test]
    public async Task A_missing_body_Should_be_a_400_and_a_body_that_is_not_JSON_a_415()
    {
        await ProblemNamingAsync(await _client.PostAsync("/api/acquisitions", null), HttpStatusCode.BadRequest, "body", "This operation needs a JSON body (Content-Type: application/json); none was sent.");
        using var text = new StringContent("frequencyHz=145500000", Encoding.UTF8, "text/plain");
        var response = await _client.PostAsync("/api/receivers", text);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo("Send the body as JSON with Content-Type: application/json (got 'text/plain; charset=utf-8')."));
        Assert.That(DotNetWords().IsMatch(body), Is.False, body);
    }

    [Test]
    public async Task An_unknown_path_or_method_Should_be_a_problem_that_says_so()
    {
        var missing = await (await _client.GetAsync("/api/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);
        var method = await (await _client.PutAsync("/api/measurements/recent", null)).ProblemAsync(HttpStatusCode.MethodNotAllowed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing["detail"]!.GetValue<string>(), Is.EqualTo("Nothing answers GET /api/nothing-here: the operations are listed in /openapi/v1.json (and at /scalar)."));
            Assert.That(method["detail"]!.GetValue<string>(), Is.EqualTo("/api/measurements/recent does not take PUT; it takes GET."));
        }
    }

    [Test]
    public async Task A_URL_too_long_Should_be_a_414_problem()
    {
        var response = await _client.GetAsync("/api/measurements/recent?cursor=" + new string('A', 9000));
        var problem = await response.ProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("The path and query hold 9032 characters; at most 8192 are read (Api:MaxUrlLength)."));
    }
}
