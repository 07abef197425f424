using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.Api.Tests;

/// <summary>
/// HTTP done fully: a 202's Location answers at once, JSON is compressed, every response carries the security and
/// caching headers of its part of the site, and CORS answers the configured origin only.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class When_the_API_speaks_HTTP
{
    private const string Console = "https://console.example.org";
    // A part of the site added by configuration alone (Api:Headers:Paths:/reports in the docs).
    private const string ConfiguredPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
    private ApiHost _api = null!;
    private HttpClient _writer = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(DateTimeOffset.UtcNow, withVirtualHost: true, extra: new Dictionary<string, string>
        {
            ["Api:Cors:AllowedOrigins:0"] = Console,
            ["Api:Headers:Paths:/reports:ContentSecurityPolicy"] = ConfiguredPolicy,
        });
        _writer = _api.Client();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _writer.Dispose();
        await _api.DisposeAsync();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")]
    private static partial Regex UtcTime();

    [Test]
    public async Task The_Location_of_a_202_Should_answer_at_once_as_requested_until_the_Acquirer_claims_it()
    {
        var id = Guid.NewGuid();
        var accepted = await _writer.PostAsJsonAsync("/api/acquisitions", new { acquisitionId = id, frequencyHz = 145_500_000, durationSeconds = 1, receiverIds = new[] { 1, 3 } });
        var body = await accepted.JsonAsync(HttpStatusCode.Accepted);
        // No wait of any kind: the first GET after the 202.
        var requested = await (await _writer.GetAsync(accepted.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        var listed = await (await _writer.GetAsync("/api/acquisitions?status=requested")).JsonAsync(HttpStatusCode.OK);
        var again = await _writer.PostAsJsonAsync("/api/acquisitions", new { acquisitionId = id, frequencyHz = 145_500_000, durationSeconds = 1 });
        var measurements = await (await _writer.GetAsync($"/api/acquisitions/{id}/measurements")).JsonAsync(HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["startAtUtc"]!.GetValue<string>(), Does.Match(UtcTime()), "Z, at most six fraction digits");
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("requested"));
            Assert.That(requested["acquisition"]!["status"]!.GetValue<string>(), Is.EqualTo("requested"));
            Assert.That(requested["acquisition"]!["receiverIds"]!.AsArray().Select(r => r!.GetValue<int>()), Is.EqualTo(new[] { 1, 3 }));
            Assert.That(requested["acquisition"]!["startAt"]!.GetValue<string>(), Is.EqualTo(body["startAtUtc"]!.GetValue<string>()));
            Assert.That(requested["acquisition"]!["requestedBy"]!.GetValue<string>(), Is.EqualTo("tester"));
            Assert.That(requested["receivers"]!.AsArray(), Is.Empty);
            Assert.That(listed.AsArray().Select(a => a!["acquisitionId"]!.GetValue<string>()), Does.Contain(id.ToString()));
            Assert.That(measurements.AsArray(), Is.Empty);
        }

        await again.ProblemAsync(HttpStatusCode.Conflict);

        // The Acquirer claims it: the acquisitions row is what is shown from then on.
        await _api.Stack.Database.ExecuteAsync($"insert into acquisitions (acquisition_id, status, started_at, frequency_hz, duration_seconds, receivers_expected, receiver_ids) values ('{id}', 'capturing', now(), 145500000, 1, 2, array[1, 3])");
        var claimed = await (await _writer.GetAsync(accepted.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        var requestedNow = await (await _writer.GetAsync("/api/acquisitions?status=requested")).JsonAsync(HttpStatusCode.OK);
        Assert.That(claimed["acquisition"]!["status"]!.GetValue<string>(), Is.EqualTo("capturing"));
        Assert.That(requestedNow.AsArray().Select(a => a!["acquisitionId"]!.GetValue<string>()), Does.Not.Contain(id.ToString()));
    }

    [TestCase("br")]
    [TestCase("gzip")]
    public async Task JSON_Should_be_compressed_for_a_client_that_accepts_it(string encoding)
    {
        var plain = await (await _writer.GetAsync("/api/receivers")).Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/receivers");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var response = await _writer.SendAsync(request);
        await using var compressed = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }));
            Assert.That(response.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(await reader.ReadToEndAsync(), Is.EqualTo(plain));
        }
    }

    [TestCase("/api/receivers", HttpStatusCode.OK, "default-src 'none'; frame-ancestors 'none'", "no-store")]
    [TestCase("/api/receivers/99", HttpStatusCode.NotFound, "default-src 'none'; frame-ancestors 'none'", "no-store")]
    [TestCase("/openapi/v1.json", HttpStatusCode.OK, "default-src 'none'; frame-ancestors 'none'", "no-cache")]
    [TestCase("/reports/index.html", HttpStatusCode.NotFound, ConfiguredPolicy, null)]
    [TestCase("/anything-else", HttpStatusCode.NotFound, Heimdall.Api.Http.HeaderPolicyOptions.ConsolePolicy, "no-cache")]
    public async Task Every_response_Should_carry_the_headers_of_its_part_of_the_site(string path, HttpStatusCode status, string policy, string? cache)
    {
        using var response = await _writer.GetAsync(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(response.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(new[] { policy }));
            Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo(cache));
        }
    }

    [Test]
    public async Task CORS_Should_answer_the_configured_origin_and_no_other()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/receivers");
        preflight.Headers.Add("Origin", Console);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key, content-type");
        using var answered = await _writer.SendAsync(preflight);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/receivers");
        read.Headers.Add("Origin", Console);
        using var readAnswer = await _writer.SendAsync(read);
        using var stranger = new HttpRequestMessage(HttpMethod.Get, "/api/receivers");
        stranger.Headers.Add("Origin", "https://elsewhere.example.net");
        using var strangerAnswer = await _writer.SendAsync(stranger);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(answered.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Console }));
            Assert.That(answered.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant(), Does.Contain("x-api-key").And.Contain("content-type"));
            Assert.That(answered.Headers.GetValues("Access-Control-Max-Age"), Is.EqualTo(new[] { "600" }));
            Assert.That(readAnswer.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Console }));
            Assert.That(readAnswer.Headers.GetValues("Access-Control-Expose-Headers").Single(), Does.Contain("Location").And.Contain("ETag").And.Contain("Content-Range"));
            Assert.That(strangerAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(strangerAnswer.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        }
    }
}
