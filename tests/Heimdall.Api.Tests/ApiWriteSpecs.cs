using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Heimdall.Testing;

namespace Heimdall.Api.Tests;

/// <summary>The writes: acquisitions published on the real RabbitMQ, the receiver registry, and who may write.</summary>
[TestFixture]
[NonParallelizable]
public sealed class When_the_API_is_written_to
{
    private ApiHost _api = null!;
    private PublishedRequests _published = null!;
    private HttpClient _writer = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(DateTimeOffset.UtcNow, withVirtualHost: true);
        _published = await PublishedRequests.StartAsync(_api.Stack);
        _writer = _api.Client();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _writer.Dispose();
        await _published.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task A_valid_request_Should_be_published_and_answered_202_with_its_location()
    {
        var id = Guid.NewGuid();
        var response = await _writer.PostAsJsonAsync("/api/acquisitions", new { acquisitionId = id, frequencyHz = 145_500_000, durationSeconds = 1, receiverIds = new[] { 1, 3 } });

        var body = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/acquisitions/{id}"));
        Assert.That(body["receiverIds"]!.AsArray().Select(r => r!.GetValue<int>()), Is.EqualTo(new[] { 1, 3 }));
        await Eventually.True(() => _published.Received.Any(r => r.AcquisitionId == id), "AcquisitionRequested on its exchange", TimeSpan.FromSeconds(15));
        var published = _published.Received.Single(r => r.AcquisitionId == id);
        Assert.That((published.FrequencyHz, published.DurationSeconds, published.RequestedBy), Is.EqualTo((145_500_000d, 1d, "tester")));
    }

    [Test]
    public async Task A_request_that_breaks_rules_Should_be_400_naming_every_field_and_publish_nothing()
    {
        var id = Guid.NewGuid();
        var response = await _writer.PostAsJsonAsync("/api/acquisitions", new { acquisitionId = id, frequencyHz = 1e12, durationSeconds = 301, receiverIds = new[] { 42 } });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key).Order(), Is.EqualTo(new[] { "durationSeconds", "receiverIds" }));
        await _published.AfterAValidRequestAsync(_writer);
        Assert.That(_published.Received.Any(r => r.AcquisitionId == id), Is.False);
    }

    [TestCase("{\"frequencyHz\": \"high\", \"durationSeconds\": 1}", "frequencyHz")]
    [TestCase("{\"frequencyHz\": 145500000, \"durationSeconds\": 1, \"receiverIds\": [\"one\"]}", "receiverIds")]
    [TestCase("{\"durationSeconds\": 1}", "frequencyHz")]
    [TestCase("not json", "body")]
    public async Task An_unreadable_request_Should_be_a_400_problem(string json, string named)
    {
        var response = await _writer.PostAsync("/api/acquisitions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ToJsonString(), Does.Contain(named));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("wrong-key-wrong-key-wrong", HttpStatusCode.Unauthorized)]
    [TestCase(ApiHost.ReadKey, HttpStatusCode.Forbidden)]
    public async Task A_write_without_a_write_key_Should_be_refused_and_change_nothing(string? key, HttpStatusCode expected)
    {
        using var client = _api.Client(key);
        var id = Guid.NewGuid();
        var before = await _api.Stack.Database.ScalarAsync<string>("select string_agg(receiver_id || ':' || enabled || ':' || name, ',' order by receiver_id) from receivers");

        await (await client.PostAsJsonAsync("/api/acquisitions", new { acquisitionId = id, frequencyHz = 145_500_000, durationSeconds = 1 })).ProblemAsync(expected);
        await (await client.PostAsync("/api/receivers/1/disable", null)).ProblemAsync(expected);
        await (await client.DeleteAsync("/api/receivers/2")).ProblemAsync(expected);
        await (await client.PostAsJsonAsync("/api/receivers", ValidReceiver("Intruder"))).ProblemAsync(expected);
        await (await client.DeleteAsync("/api/measurements?olderThanDays=1")).ProblemAsync(expected);

        var after = await _api.Stack.Database.ScalarAsync<string>("select string_agg(receiver_id || ':' || enabled || ':' || name, ',' order by receiver_id) from receivers");
        Assert.That(after, Is.EqualTo(before));
        await _published.AfterAValidRequestAsync(_writer);
        Assert.That(_published.Received.Any(r => r.AcquisitionId == id), Is.False);
    }

    [Test]
    public async Task A_receiver_Should_be_added_changed_disabled_enabled_and_removed()
    {
        var added = await (await _writer.PostAsJsonAsync("/api/receivers", ValidReceiver("Superga"))).JsonAsync(HttpStatusCode.Created);
        var id = added["receiverId"]!.GetValue<int>();
        Assert.That(id, Is.EqualTo(8), "one more than the largest id");

        var changed = ValidReceiver("Superga") with { SampleRateHz = 24_000, Bands = [new(144e6, 146e6)] };
        var replaced = await (await _writer.PutAsJsonAsync($"/api/receivers/{id}", changed)).JsonAsync(HttpStatusCode.OK);
        var disabled = await (await _writer.PostAsync($"/api/receivers/{id}/disable", null)).JsonAsync(HttpStatusCode.OK);
        var enabled = await (await _writer.PostAsync($"/api/receivers/{id}/enable", null)).JsonAsync(HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replaced["sampleRateHz"]!.GetValue<double>(), Is.EqualTo(24_000));
            Assert.That(replaced["bands"]!.ToJsonString(), Is.EqualTo("[{\"minFrequencyHz\":144000000,\"maxFrequencyHz\":146000000}]"));
            Assert.That(disabled["enabled"]!.GetValue<bool>(), Is.False);
            Assert.That(enabled["enabled"]!.GetValue<bool>(), Is.True);
        }

        Assert.That((await _writer.DeleteAsync($"/api/receivers/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await _writer.GetAsync($"/api/receivers/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _writer.DeleteAsync($"/api/receivers/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _writer.PostAsync("/api/receivers/99/enable", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await _writer.PutAsJsonAsync("/api/receivers/99", changed)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_receiver_that_breaks_rules_Should_be_400_naming_every_broken_rule()
    {
        var broken = ValidReceiver("Broken") with
        {
            Kind = "sdrplay", Latitude = 91, Longitude = -181, MinFrequencyHz = 146e6, MaxFrequencyHz = 144e6, SampleRateHz = 0,
            TimeoutSeconds = 0, RetryCount = 11,
        };
        var problem = await (await _writer.PostAsJsonAsync("/api/receivers", broken)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "kind", "latitude", "longitude", "maxFrequencyHz", "retryCount", "sampleRateHz", "timeoutSeconds",
        }));

        var bands = ValidReceiver("Bands") with { Bands = [new(100e6, 146e6), new(145e6, 150e6), new(430e6, 500e6)] };
        var bandProblem = await (await _writer.PostAsJsonAsync("/api/receivers", bands)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bandProblem["errors"]!["bands"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[]
        {
            "bands[0] 100000000–146000000 Hz is outside [minFrequencyHz, maxFrequencyHz] = [144000000, 440000000].",
            "bands[2] 430000000–500000000 Hz is outside [minFrequencyHz, maxFrequencyHz] = [144000000, 440000000].",
            "bands[1] overlaps bands[0]: bands must be disjoint.",
        }));

        var missing = await (await _writer.PostAsJsonAsync("/api/receivers", new { name = "Half" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(missing["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "kind", "latitude", "longitude", "maxFrequencyHz", "minFrequencyHz", "sampleRateHz", "url",
        }));

        var taken = await (await _writer.PostAsJsonAsync("/api/receivers", ValidReceiver("Torino"))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.That(taken["detail"]!.GetValue<string>(), Does.StartWith("name:"));
        Assert.That(await _api.Stack.Database.ScalarAsync<long>("select count(*) from receivers"), Is.EqualTo(7));
    }

    [Test]
    public async Task Retention_Should_delete_only_older_rows_and_count_them()
    {
        await _api.Stack.Database.ExecuteAsync("""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, snr_db,
                                      frequency_offset_hz, power_dbfs, noise_floor_dbfs_hz, peak_psd_dbfs_hz, occupied_bandwidth_hz,
                                      clipping_fraction, iq_uri, iq_sha512)
            select gen_random_uuid(), 1, now() - make_interval(days => d), 145.5e6, 12000, 12000, 20, 1, -30, -80, -40, 100, 0, 'u', 's'
            from unnest(array[1, 5, 9, 12]) d
            """);
        var result = await (await _writer.DeleteAsync("/api/measurements?olderThanDays=6")).JsonAsync(HttpStatusCode.OK);
        Assert.That(result["deleted"]!.GetValue<int>(), Is.EqualTo(2));
        await (await _writer.DeleteAsync("/api/measurements?olderThanDays=0")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await _api.Stack.Database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(2));
    }

    internal static ReceiverBodyForTests ValidReceiver(string name) => new(name, "simulated", "sim://" + name.ToLowerInvariant(), 45.08, 7.77, 670, 144e6, 440e6, 12_000, -60, 10, 2, null);
}

/// <summary>The JSON of a receiver body, for the tests.</summary>
internal sealed record ReceiverBodyForTests(
    string Name, string Kind, string Url, double Latitude, double Longitude, double? AltitudeM, double MinFrequencyHz,
    double MaxFrequencyHz, double SampleRateHz, double? CalibrationDb, double TimeoutSeconds, int RetryCount, IReadOnlyList<BandForTests>? Bands);

internal sealed record BandForTests(double MinFrequencyHz, double MaxFrequencyHz);
