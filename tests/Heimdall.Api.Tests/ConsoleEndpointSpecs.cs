using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// What the console reads besides the rest of the API: a recording's spectrum computed from its samples in the real S3
/// (a tone found in its bin, the shape, the ETag and 304, the refusals), a receiver's health history from the real
/// PostgreSQL (the window's bounds exact), and the console itself at / with its policy.
/// </summary>
[TestFixture]
public sealed class When_the_console_reads_spectra_and_health
{
    private static readonly DateTime Now = T0.AddDays(8);
    private ApiHost _api = null!;

    [OneTimeSetUp]
    public async Task Archive()
    {
        _api = await ApiHost.StartAsync(Now, anonymousReads: true);
        var store = _api.Stack.CreateObjectStore();
        await store.EnsureBucketAsync(store.Bucket, CancellationToken.None);

        // 3 000 ci16_le samples at 12 kHz of a tone 1 500 Hz above 145.5 MHz: with 256 bins (46.875 Hz) it is bin 128 + 32.
        var data = new byte[3_000 * 4];
        for (var n = 0; n < 3_000; n++)
        {
            var phase = 2 * Math.PI * 1_500 * n / 12_000;
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * n), (short)Math.Round(8_000 * Math.Cos(phase)));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((4 * n) + 2), (short)Math.Round(8_000 * Math.Sin(phase)));
        }

        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/1.sigmf-data", data, "application/octet-stream", CancellationToken.None);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/1.sigmf-meta", Meta("ci16_le"), "application/json", CancellationToken.None);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/2.sigmf-data", data, "application/octet-stream", CancellationToken.None);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/2.sigmf-meta", Meta("ri16_le"), "application/json", CancellationToken.None);

        // Receiver 1's probes: one 8 days back (outside a week), three inside, one after now (not yet); exactly at the
        // window's start (now − 2 h) is outside it (the start is exclusive).
        await _api.Stack.Database.ExecuteAsync($"""
            insert into receiver_health (receiver_id, probed_at, reachable, latency_ms, detail) values
                (1, '{Now.AddDays(-8):O}', true, 10, 'old'),
                (1, '{Now.AddHours(-3):O}', true, 41, 'three hours'),
                (1, '{Now.AddHours(-2):O}', false, null, 'two hours: refused'),
                (1, '{Now.AddHours(-1):O}', true, 43, 'one hour'),
                (1, '{Now.AddHours(1):O}', true, 44, 'future')
            """);
    }

    private static byte[] Meta(string datatype) => Encoding.UTF8.GetBytes(
        $$"""{"global":{"core:datatype":"{{datatype}}","core:sample_rate":12000,"core:version":"1.0.0"},"captures":[{"core:sample_start":0,"core:frequency":145500000}],"annotations":[]}""");

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task The_spectrum_Should_find_the_tone_in_its_bin_with_the_shape_asked_for()
    {
        using var client = _api.Client(null);
        using var response = await client.GetAsync($"/api/acquisitions/{A0}/recordings/1/spectrum?bins=256&rows=8");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var psd = body["psdDbfsPerHz"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        var waterfall = body["waterfall"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["bins"]!.GetValue<int>(), Is.EqualTo(256));
            Assert.That(body["binWidthHz"]!.GetValue<double>(), Is.EqualTo(46.875));
            Assert.That(body["firstBinHz"]!.GetValue<double>(), Is.EqualTo(145_500_000 - 6_000));
            Assert.That(body["sampleCount"]!.GetValue<long>(), Is.EqualTo(3_000));
            Assert.That(body["segmentCount"]!.GetValue<int>(), Is.EqualTo(22), "(3 000 − 256) / 128 + 1");
            Assert.That(psd, Has.Count.EqualTo(256));
            Assert.That(psd.IndexOf(psd.Max()), Is.EqualTo(160), "the tone's bin");
            Assert.That(waterfall["rows"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(Convert.FromBase64String(waterfall["data"]!.GetValue<string>()), Has.Length.EqualTo(8 * 256));
            Assert.That(waterfall["encoding"]!.GetValue<string>(), Is.EqualTo("uint8-base64"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
        }
    }

    [Test]
    public async Task The_spectrum_Should_answer_its_ETag_with_304_and_another_shape_with_another_ETag()
    {
        using var client = _api.Client(null);
        var path = $"/api/acquisitions/{A0}/recordings/1/spectrum";
        using var first = await client.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await client.SendAsync(request);
        using var other = await client.GetAsync(path + "?bins=64");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await again.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(other.Headers.ETag!.Tag, Is.Not.EqualTo(first.Headers.ETag!.Tag));
            Assert.That(first.Headers.CacheControl, Is.EqualTo(new CacheControlHeaderValue { Private = true, NoCache = true }), "private, no-cache");
        }
    }

    [Test]
    public async Task A_bad_shape_a_missing_recording_and_a_real_datatype_Should_be_400_404_and_422()
    {
        using var client = _api.Client(null);
        using var bins = await client.GetAsync($"/api/acquisitions/{A0}/recordings/1/spectrum?bins=100");
        using var missing = await client.GetAsync($"/api/acquisitions/{A0}/recordings/3/spectrum");
        using var real = await client.GetAsync($"/api/acquisitions/{A0}/recordings/2/spectrum");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bins.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(JsonNode.Parse(await bins.Content.ReadAsStringAsync())!["errors"]!["bins"]!.ToJsonString(), Does.Contain("power of two"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(real.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(JsonNode.Parse(await real.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), Does.Contain("ri16_le"));
        }
    }

    [Test]
    public async Task The_health_history_Should_hold_exactly_the_probes_of_its_window_oldest_first()
    {
        using var client = _api.Client(null);
        var week = JsonNode.Parse(await client.GetStringAsync("/api/receivers/1/health"))!;
        var twoHours = JsonNode.Parse(await client.GetStringAsync("/api/receivers/1/health?hours=2"))!;
        string[] Details(JsonNode n) => [.. n["probes"]!.AsArray().Select(p => p!["detail"]!.GetValue<string>())];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Details(week), Is.EqualTo(new[] { "three hours", "two hours: refused", "one hour" }));
            Assert.That(week["probes"]![1]!["reachable"]!.GetValue<bool>(), Is.False);
            Assert.That(week["to"]!.GetValue<string>(), Is.EqualTo("2026-11-28T00:00:00Z"));
            Assert.That(Details(twoHours), Is.EqualTo(new[] { "one hour" }));
        }
    }

    [Test]
    public async Task The_health_history_of_an_unknown_receiver_or_an_empty_window_Should_be_404_and_400()
    {
        using var client = _api.Client(null);
        using var unknown = await client.GetAsync("/api/receivers/999/health");
        using var zero = await client.GetAsync("/api/receivers/1/health?hours=0");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_console_Should_be_served_at_the_root_with_a_policy_that_allows_no_inline_script()
    {
        using var client = _api.Client(null);
        using var page = await client.GetAsync("/");
        using var vendor = await client.GetAsync("/vendor/leaflet-1.9.4/leaflet.js");
        using var licence = await client.GetAsync("/vendor/leaflet-1.9.4/LICENSE");
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<script src=\"js/app.js\" type=\"module\"></script>"));
            Assert.That(policy, Does.Contain("script-src 'self';").And.Not.Contain("unsafe-inline").And.Contains("default-src 'none'"));
            Assert.That(vendor.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(vendor.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
            Assert.That(licence.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(await licence.Content.ReadAsStringAsync(), Does.StartWith("BSD 2-Clause License"));
        }
    }
}
