using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// The OpenAPI document as a client generator reads it: every operation, parameter and response declared and
/// constrained, and a real linter (Redocly, recommended rules) finding nothing; and the reference page, which must
/// work offline.
/// </summary>
[TestFixture]
public sealed partial class When_the_OpenAPI_document_is_read
{
    private ApiHost _api = null!;
    private HttpClient _anonymous = null!;
    private JsonNode _document = null!;
    private string _text = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4));
        _anonymous = _api.Client(null);
        var response = await _anonymous.GetAsync("/openapi/v1.json");
        _text = await response.Content.ReadAsStringAsync();
        _document = await response.JsonAsync(HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _anonymous.Dispose();
        await _api.DisposeAsync();
    }

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())));

    [Test]
    public void It_Should_list_every_operation_reads_first_with_unique_operation_ids_and_tags()
    {
        var operations = Operations().ToList();
        Assert.That(operations.Select(o => $"{o.Method} {o.Path}"), Is.EqualTo(new[]
        {
            "GET /api/measurements/recent",
            "GET /api/acquisitions/{id}/measurements",
            "DELETE /api/measurements",
            "GET /api/acquisitions",
            "POST /api/acquisitions",
            "GET /api/acquisitions/{id}",
            "GET /api/statistics/snr",
            "GET /api/analysis/frequency-drift",
            "GET /api/acquisitions/{id}/recordings/{receiverId}.sigmf-meta",
            "HEAD /api/acquisitions/{id}/recordings/{receiverId}.sigmf-meta",
            "GET /api/acquisitions/{id}/recordings/{receiverId}.sigmf-data",
            "HEAD /api/acquisitions/{id}/recordings/{receiverId}.sigmf-data",
            "GET /api/acquisitions/{id}/recordings/{receiverId}/spectrum",
            "GET /api/acquisitions/{id}/location",
            "GET /api/acquisitions/{id}/location.geojson",
            "GET /api/acquisitions/{id}/location.kml",
            "GET /api/locations",
            "GET /api/receivers",
            "POST /api/receivers",
            "GET /api/receivers/{id}",
            "PUT /api/receivers/{id}",
            "DELETE /api/receivers/{id}",
            "GET /api/receivers/{id}/health",
            "POST /api/receivers/{id}/enable",
            "POST /api/receivers/{id}/disable",
            "GET /api/status",
        }));
        var ids = operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).ToList();
        var declaredTags = _document["tags"]!.AsArray().Select(t => (Name: t!["name"]!.GetValue<string>(), Description: t["description"]?.GetValue<string>())).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids, Is.All.Not.Null);
            Assert.That(ids, Is.Unique);
            Assert.That(declaredTags.Select(t => t.Name), Is.EqualTo(new[] { "Measurements", "Acquisitions", "Analysis", "Recordings", "Locations", "Receivers", "Status" }));
            Assert.That(declaredTags.Select(t => t.Description), Is.All.Not.Empty);
            Assert.That(operations.Select(o => o.Operation["tags"]!.AsArray().Single()!.GetValue<string>()).Distinct(), Is.EquivalentTo(declaredTags.Select(t => t.Name)));
            Assert.That(operations.Select(o => o.Operation["summary"]?.GetValue<string>()), Is.All.Not.Empty);
            Assert.That(_document["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()), Is.All.Not.EndsWith("/"));
            Assert.That(_document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>(), Is.EqualTo("X-Api-Key"));
        }
    }

    [Test]
    public void Every_parameter_Should_be_described_and_constrained()
    {
        var parameters = Operations().SelectMany(o => (o.Operation["parameters"]?.AsArray() ?? []).Select(p => (Operation: o.Operation["operationId"]!.GetValue<string>(), Parameter: p!))).ToList();
        Assert.That(parameters, Has.Count.GreaterThanOrEqualTo(30));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (operation, parameter) in parameters)
            {
                var name = $"{operation} {parameter["name"]}";
                Assert.That(parameter["description"]?.GetValue<string>(), Is.Not.Empty, name);
                var schema = parameter["schema"]!;
                Assert.That(schema["type"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), $"{name}: one type, not nullable unions");
                var constrained = schema["minimum"] is not null || schema["exclusiveMinimum"] is not null || schema["enum"] is not null
                                  || schema["format"] is not null || schema["pattern"] is not null || schema["type"]!.GetValue<string>() is "boolean"
                                  || parameter["in"]!.GetValue<string>() == "header";
                Assert.That(constrained, Is.True, $"{name}: bounds, a format, a pattern or an enum");
            }
        }

        JsonNode Parameter(string operation, string name) => parameters.Single(p => p.Operation == operation && p.Parameter["name"]!.GetValue<string>() == name).Parameter;

        // The schema's keywords in a fixed order, so that the comparison is of content only.
        string Schema(string operation, string name) => new JsonObject(Parameter(operation, name)["schema"]!.AsObject()
            .OrderBy(k => Array.IndexOf(KeywordOrder, k.Key)).Select(k => KeyValuePair.Create(k.Key, k.Value?.DeepClone()))).ToJsonString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Schema("GetRecentMeasurements", "limit"), Is.EqualTo("""{"type":"integer","format":"int32","minimum":1,"maximum":1000,"default":100}"""));
            Assert.That(Parameter("ListAcquisitions", "limit")["schema"]!["default"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(Schema("GetRecentMeasurements", "hours"), Is.EqualTo("""{"type":"number","format":"double","exclusiveMinimum":0,"maximum":744,"default":24}"""));
            Assert.That(Parameter("ListAcquisitions", "status")["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()),
                Is.EqualTo(new[] { "requested", "capturing", "completed", "partial", "failed", "rejected" }));
            Assert.That(Schema("GetFrequencyDrift", "bucketMinutes"), Is.EqualTo("""{"type":"number","format":"double","minimum":1,"maximum":44640,"default":60}"""));
            Assert.That(Parameter("DeleteOldMeasurements", "olderThanDays")["required"]!.GetValue<bool>(), Is.True);
            Assert.That(Parameter("DeleteOldMeasurements", "olderThanDays")["example"]!.GetValue<int>(), Is.EqualTo(90), "the page's sample includes it");
            Assert.That(Parameter("GetSnrStatistics", "from")["schema"]!["format"]!.GetValue<string>(), Is.EqualTo("date-time"));
            Assert.That(Parameter("GetAcquisition", "id")["schema"]!["format"]!.GetValue<string>(), Is.EqualTo("uuid"));
            Assert.That(Parameter("GetReceiver", "id")["schema"]!["minimum"]!.GetValue<int>(), Is.EqualTo(1));
        }
    }

    [Test]
    public void Every_response_Should_be_declared_with_its_schema()
    {
        string[] Statuses(string operationId) => [.. Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == operationId).Operation["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal)];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Statuses("GetRecentMeasurements"), Is.EqualTo(new[] { "200", "400", "401", "404", "414", "503" }));
            Assert.That(Statuses("RequestAcquisition"), Is.EqualTo(new[] { "202", "400", "401", "403", "409", "413", "414", "415", "503" }));
            Assert.That(Statuses("ReplaceReceiver"), Is.EqualTo(new[] { "200", "400", "401", "403", "404", "409", "413", "414", "415", "503" }));
            Assert.That(Statuses("DeleteOldMeasurements"), Is.EqualTo(new[] { "200", "400", "401", "403", "414", "503" }));
            Assert.That(Statuses("GetRecordingData"), Is.EqualTo(new[] { "200", "206", "304", "400", "401", "404", "414", "416", "503" }));
            Assert.That(Statuses("HeadRecordingMeta"), Is.EqualTo(new[] { "200", "304", "400", "401", "404", "414", "503" }));
            Assert.That(Statuses("GetLocation"), Is.EqualTo(new[] { "200", "400", "401", "404", "414", "503" }));
            Assert.That(Statuses("ListLocations"), Is.EqualTo(new[] { "200", "400", "401", "414", "503" }));
        }

        foreach (var (method, path, operation) in Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                var where = $"{method} {path} {status}";
                Assert.That(response!["description"]?.GetValue<string>(), Is.Not.Empty, where);
                if (status.StartsWith('4') || status.StartsWith('5'))
                {
                    var schema = response["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>();
                    Assert.That(schema, Is.EqualTo(status == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails"), where);
                }
                else if (status is "200" or "201" or "202" or "206" && method != "HEAD" && path != "/api/acquisitions/{id}/recordings/{receiverId}.sigmf-data"
                         && !path.EndsWith(".geojson", StringComparison.Ordinal) && !path.EndsWith(".kml", StringComparison.Ordinal))
                {
                    Assert.That(response["content"]!["application/json"]!["schema"], Is.Not.Null, where);
                }
            }
        }

        var data = Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == "GetRecordingData").Operation;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(data["responses"]!["200"]!["content"]!["application/octet-stream"]!["schema"]!["format"]!.GetValue<string>(), Is.EqualTo("binary"));
            Assert.That(data["responses"]!["206"]!["headers"]!.AsObject().Select(h => h.Key), Does.Contain("Content-Range").And.Contain("ETag"));
            Assert.That(data["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.SupersetOf(new[] { "Range", "If-None-Match", "If-Range" }));
            Assert.That(_document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["reason"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()),
                Is.EqualTo(new[] { "missing-key", "unknown-key", "read-only-key" }));
            Assert.That(Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == "RequestAcquisition").Operation["responses"]!["202"]!["headers"]!["Location"], Is.Not.Null);
            Assert.That(Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == "GetLocationGeoJson").Operation["responses"]!["200"]!["content"]!["application/geo+json"], Is.Not.Null);
            Assert.That(Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == "GetLocationKml").Operation["responses"]!["200"]!["content"]!["application/vnd.google-earth.kml+xml"], Is.Not.Null);
            Assert.That(_document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["locationStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()),
                Is.EqualTo(new[] { "hyperbola", "not-located", "not-yet-located" }));
        }
    }

    [Test]
    public void Schemas_Should_type_times_require_body_fields_and_list_the_words_a_field_holds()
    {
        var schemas = _document["components"]!["schemas"]!;
        string Json(string schema, string property) => schemas[schema]!["properties"]![property]!.ToJsonString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Json("Measurement", "capturedAt"), Is.EqualTo("""{"type":"string","format":"date-time"}"""));
            Assert.That(Json("AcquisitionSummary", "startedAt"), Is.EqualTo("""{"type":["null","string"],"format":"date-time"}"""));
            Assert.That(Json("AcquisitionAccepted", "startAtUtc"), Does.Contain("\"format\":\"date-time\"").And.Contain("\"type\":\"string\""));
            Assert.That(schemas["AcquisitionRequestBody"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "frequencyHz", "durationSeconds" }));
            Assert.That(schemas["ReceiverBody"]!["required"]!.AsArray(), Has.Count.EqualTo(8));
            Assert.That(schemas["AcquisitionSummary"]!["properties"]!["status"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()),
                Is.EqualTo(new[] { "requested", "capturing", "completed", "partial", "failed", "rejected" }));
            Assert.That(schemas["SnrStatistics"]!["properties"]!["source"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "raw", "daily+raw", "daily" }));
            Assert.That(schemas["Measurement"]!["properties"]!["timingSource"]!["description"]!.GetValue<string>(), Does.StartWith("How the capture's start time was obtained: gnss"));
            Assert.That(schemas["Measurement"]!["properties"]!["warnings"]!["items"]!.ToJsonString(), Is.EqualTo("""{"type":"string"}"""));
            Assert.That(schemas["Measurement"]!["properties"]!["warnings"]!["description"]!.GetValue<string>(), Does.StartWith("Every warning the capture earned, one sentence each"));
            Assert.That(schemas["Measurement"]!["properties"]!["attempts"]!["description"]!.GetValue<string>(), Does.StartWith("How many attempts the receiver took"));
        }

        // The generator writes a schema's type before its format: a date-time first in its object has none.
        Assert.That(Regex.Count(_text, "\\{\\s*\"format\": \"date-time\""), Is.Zero, "a date-time without a type");
    }

    [Test]
    public async Task The_Redocly_linter_Should_find_no_error_and_no_warning()
    {
        var folder = Directory.CreateTempSubdirectory("heimdall-openapi-").FullName;
        try
        {
            var file = Path.Combine(folder, "openapi.json");
            await File.WriteAllTextAsync(file, _text);
            var report = await Redocly.LintAsync(file);
            var problems = report["problems"]!.AsArray().Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]![0]!["pointer"]}").ToList();
            Assert.That(report["version"]!.GetValue<string>(), Is.EqualTo(Redocly.Version));
            Assert.That(problems, Is.Empty);
            Assert.That((report["totals"]!["errors"]!.GetValue<int>(), report["totals"]!["warnings"]!.GetValue<int>()), Is.EqualTo((0, 0)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task The_reference_page_Should_load_only_from_this_server_with_a_placeholder_key()
    {
        var redirect = await _anonymous.GetAsync("/scalar");
        var page = await _anonymous.GetAsync("/scalar/");
        var html = await page.Content.ReadAsStringAsync();
        var script = await _anonymous.GetAsync("/scalar/scalar.js");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonces = NonceAttribute().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the script is served by the API, not a CDN");
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "nothing on the page is fetched from elsewhere");
            Assert.That(html, Does.Contain("\"hideClientButton\":true").And.Contain("\"showDeveloperTools\":\"never\"")
                .And.Contain("\"withDefaultFonts\":false").And.Contain("\"telemetry\":false"));
            Assert.That(html, Does.Contain("PASTE-YOUR-X-API-KEY-HERE"));
            Assert.That(nonces, Has.Count.EqualTo(1), "each script tag carries the one nonce");
            Assert.That(csp, Does.Contain($"script-src 'self' 'nonce-{nonces.Single()}'").And.Contain("connect-src 'self'").And.Contain("font-src 'self' data:")
                .And.Not.Contain("http"));
        }
    }

    private static readonly string[] KeywordOrder = ["type", "format", "minimum", "exclusiveMinimum", "maximum", "default"];

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NonceAttribute();
}
