using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Heimdall.Localisation;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Power;
using Heimdall.Localisation.Simulation;
using Heimdall.Testing;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// The locations the Locator stores, read through the API: estimates computed here from simulated captures with known
/// truth (four receivers: a point; two: a hyperbola) and stored as the Locator stores them (the estimate's JSON and its
/// columns), then read as JSON, GeoJSON and KML, as problems where there is no point, and as a list in a window.
/// </summary>
[TestFixture]
public sealed class When_a_location_is_read
{
    private static readonly Guid Located = Guid.Parse("00000000-0000-4000-8000-00000000f001");
    private static readonly Guid Hyperbola = Guid.Parse("00000000-0000-4000-8000-00000000f002");
    private static readonly Guid Pending = Guid.Parse("00000000-0000-4000-8000-00000000f003");
    private ApiHost _api = null!;
    private LocationEstimate _located = null!;
    private LocationEstimate _hyperbola = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4), anonymousReads: true);
        var settings = new TdoaGeometries.Settings { Receivers = 4, DurationSeconds = 0.5 };
        var scenario = TdoaGeometries.Inside(new Random(21), settings);
        var propagation = new Propagation(PropagationMode.LineOfSight);
        _located = Locator.Locate(TdoaSimulator.Generate(scenario, propagation, 21).Captures);
        _hyperbola = Locator.Locate(TdoaSimulator.Generate(scenario with { Receivers = scenario.Receivers.Take(2).ToList() }, propagation, 22).Captures);
        // As the Locator adds it: the four receivers' calibrated powers (the model's, 40 dBm at 1 m, exponent 3) drawn into a power-based region.
        _hyperbola = _hyperbola with
        {
            PowerRegion = PowerRegionSummary.From(PowerRegion.Estimate([.. scenario.Receivers.Select(r =>
                new PowerObservation(r.Name, r.Position, 40 - (30 * Math.Log10(Geodesic.Inverse(scenario.Transmitter, r.Position).Metres)), 0.5))])),
        };
        Assert.That((_located.Status, _hyperbola.Status), Is.EqualTo((LocationStatus.Located, LocationStatus.Hyperbola)), "the seeds give a point and a hyperbola");
        foreach (var id in new[] { Located, Hyperbola, Pending })
        {
            await _api.Stack.Database.ExecuteAsync($"insert into acquisitions (acquisition_id, status, requested_at) values ('{id}', 'completed', '{T0:O}')");
        }

        await StoreAsync(Located, _located, T0.AddHours(1));
        await StoreAsync(Hyperbola, _hyperbola, T0.AddHours(2));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    /// <summary>The row the Locator writes: the estimate's columns and its JSON.</summary>
    private async Task StoreAsync(Guid id, LocationEstimate estimate, DateTimeOffset locatedAt)
    {
        await using var command = _api.Stack.Database.DataSource.CreateCommand("""
            insert into locations (acquisition_id, status, reason, latitude, longitude, altitude_m, semi_major_m, semi_minor_m, orientation_deg, gdop,
                                   propagation, method, frequency_hz, stations_used, stations_total, estimate, compute_ms, located_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, 1, $17)
            """);
        object Value(object? value) => value ?? DBNull.Value;
        foreach (var value in new[]
                 {
                     id, estimate.Status, Value(estimate.Reason), Value(estimate.Latitude), Value(estimate.Longitude), Value(estimate.AltitudeM),
                     Value(estimate.Ellipse95?.SemiMajorM), Value(estimate.Ellipse95?.SemiMinorM), Value(estimate.Ellipse95?.OrientationDeg), Value(estimate.Gdop),
                     estimate.Propagation, estimate.Method, 145e6, estimate.Stations.Count(s => s.Used), estimate.Stations.Count, LocationJson.Serialize(estimate),
                     locatedAt.UtcDateTime,
                 })
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    [Test]
    public async Task A_located_acquisition_Should_answer_its_point_ellipse_pairs_and_receivers()
    {
        using var client = _api.Client(null);
        var body = await (await client.GetAsync($"/api/acquisitions/{Located}/location")).JsonAsync(HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["acquisitionId"]!.GetValue<Guid>(), Is.EqualTo(Located));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("located"));
            Assert.That(body["latitude"]!.GetValue<double>(), Is.EqualTo(_located.Latitude));
            Assert.That(body["longitude"]!.GetValue<double>(), Is.EqualTo(_located.Longitude));
            Assert.That(body["altitudeM"]!.GetValue<double>(), Is.EqualTo(_located.AltitudeM));
            Assert.That(body["ellipse95"]!["semiMajorM"]!.GetValue<double>(), Is.EqualTo(_located.Ellipse95!.SemiMajorM));
            Assert.That(body["ellipse95"]!["semiMinorM"]!.GetValue<double>(), Is.EqualTo(_located.Ellipse95.SemiMinorM));
            Assert.That(body["ellipse95"]!["orientationDeg"]!.GetValue<double>(), Is.EqualTo(_located.Ellipse95.OrientationDeg));
            Assert.That(body["gdop"]!.GetValue<double>(), Is.EqualTo(_located.Gdop));
            Assert.That(body["propagation"]!.GetValue<string>(), Is.EqualTo("line-of-sight"));
            Assert.That(body["method"]!.GetValue<string>(), Is.EqualTo(_located.Method));
            Assert.That(body["pairs"]!.AsArray(), Has.Count.EqualTo(6));
            Assert.That(body["pairs"]![0]!["delaySeconds"]!.GetValue<double>(), Is.EqualTo(_located.Pairs[0].DelaySeconds));
            Assert.That(body["pairs"]![0]!["sigmaSeconds"]!.GetValue<double>(), Is.EqualTo(_located.Pairs[0].SigmaSeconds));
            Assert.That(body["pairs"]![0]!["quality"]!["maxDelaySeconds"]!.GetValue<double>(), Is.EqualTo(_located.Pairs[0].Quality.MaxDelaySeconds));
            Assert.That(body["stations"]!.AsArray().Select(s => s!["used"]!.GetValue<bool>()), Is.EqualTo(new[] { true, true, true, true }));
            Assert.That(body["locatedAt"]!.GetValue<string>(), Is.EqualTo("2026-11-20T01:00:00Z"));
        }
    }

    [Test]
    public async Task Its_GeoJSON_and_KML_Should_hold_the_estimate_its_ellipse_and_the_receivers()
    {
        using var client = _api.Client(null);
        using var geo = await client.GetAsync($"/api/acquisitions/{Located}/location.geojson");
        using var kml = await client.GetAsync($"/api/acquisitions/{Located}/location.kml");
        var geoText = await geo.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(geoText);
        var kinds = document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("kind").GetString()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(geo.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/geo+json"));
            Assert.That(geoText, Is.EqualTo(GeoJsonWriter.Write(_located)), "the stored estimate, written as the Locator writes location.geojson");
            Assert.That(kinds.Count(k => k == "estimate"), Is.EqualTo(1));
            Assert.That(kinds.Count(k => k == "ellipse95"), Is.EqualTo(1));
            Assert.That(kinds.Count(k => k == "receiver"), Is.EqualTo(4));
            Assert.That(kml.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.google-earth.kml+xml"));
            Assert.That(await kml.Content.ReadAsStringAsync(), Is.EqualTo(KmlWriter.Write(_located, $"Heimdall acquisition {Located}")));
        }
    }

    /// <summary>
    /// The KML of an acquisition without a point carries the power-based region the Locator stored: one Placemark named
    /// and described as power-based, with the stored confidence level, exponent and shadowing σ, whose Polygons are the
    /// stored outline's rings (read from the row's JSON here, not from the estimate this fixture computed), and no Point
    /// but the receivers'. A located acquisition's KML has no such placemark.
    /// </summary>
    [Test]
    public async Task The_KML_of_a_location_without_a_point_Should_carry_the_stored_power_based_region_as_a_labelled_polygon()
    {
        using var client = _api.Client(null);
        using var response = await client.GetAsync($"/api/acquisitions/{Hyperbola}/location.kml");
        var text = await response.Content.ReadAsStringAsync();
        var located = await (await client.GetAsync($"/api/acquisitions/{Located}/location.kml")).Content.ReadAsStringAsync();
        using var stored = JsonDocument.Parse((await _api.Stack.Database.ScalarAsync<string>(
            $"select (estimate->'powerRegion')::text from locations where acquisition_id = '{Hyperbola}'"))!);
        var storedRings = stored.RootElement.GetProperty("polygons").EnumerateArray()
            .Select(ring => string.Join(' ', ring.EnumerateArray().Select(p => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(p[0].GetDouble(), 7):R},{Math.Round(p[1].GetDouble(), 7):R}"))))
            .ToList();
        XNamespace ns = "http://www.opengis.net/kml/2.2";
        var kml = XDocument.Parse(text);
        var placemark = kml.Descendants(ns + "Placemark").Single(p => p.Element(ns + "styleUrl")!.Value == "#power-region");
        var data = placemark.Element(ns + "ExtendedData")!.Elements(ns + "Data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element(ns + "value")!.Value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.google-earth.kml+xml"));
            Assert.That(placemark.Element(ns + "name")!.Value, Is.EqualTo("power-based region (95 %, not a fix)"));
            Assert.That(placemark.Element(ns + "description")!.Value, Does.StartWith(
                "Power-based, not a fix: where the receivers' calibrated powers put the transmitter at 95 % confidence; log-distance model, path-loss exponent 3, shadowing σ 8 dB; "));
            Assert.That(data["method"], Is.EqualTo("power-based"));
            Assert.That(data["confidenceLevel"], Is.EqualTo(stored.RootElement.GetProperty("confidenceLevel").GetRawText()).And.EqualTo("0.95"));
            Assert.That(data["pathLossExponent"], Is.EqualTo("3"));
            Assert.That(data["shadowingSigmaDb"], Is.EqualTo("8"));
            Assert.That(storedRings, Is.Not.Empty);
            Assert.That(placemark.Descendants(ns + "Polygon").Select(p => p.Descendants(ns + "coordinates").Single().Value), Is.EqualTo(storedRings), "the stored outline, ring for ring");
            Assert.That(placemark.Descendants(ns + "Point"), Is.Empty, "a region, never a point");
            Assert.That(kml.Descendants(ns + "Placemark").Select(p => p.Element(ns + "name")!.Value), Has.None.EqualTo("estimate"));
            Assert.That(text, Is.EqualTo(KmlWriter.Write(_hyperbola, $"Heimdall acquisition {Hyperbola}")));
            Assert.That(located, Does.Not.Contain("power-based").And.Not.Contain("ExtendedData"), "a TDoA location's KML has no power-based region");
        }
    }

    [Test]
    public async Task A_hyperbola_Should_be_a_problem_naming_the_reason_and_each_receiver()
    {
        using var client = _api.Client(null);
        var problem = await (await client.GetAsync($"/api/acquisitions/{Hyperbola}/location")).ProblemAsync(HttpStatusCode.NotFound);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["locationStatus"]!.GetValue<string>(), Is.EqualTo("hyperbola"));
            Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo($"Acquisition {Hyperbola} has no position: {_hyperbola.Reason}."));
            Assert.That(problem["stations"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()), Is.EqualTo(_hyperbola.Stations.Select(s => s.Name)));
            Assert.That(problem["stations"]!.AsArray().Select(s => s!["used"]!.GetValue<bool>()), Is.EqualTo(new[] { true, true }));
            Assert.That(problem["powerRegion"]!["method"]!.GetValue<string>(), Is.EqualTo("power-based"));
            Assert.That(problem["powerRegion"]!["status"]!.GetValue<string>(), Is.EqualTo("region"));
            Assert.That(problem["powerRegion"]!["areaKm2"]!.GetValue<double>(), Is.EqualTo(_hyperbola.PowerRegion!.AreaKm2));
            Assert.That(problem["powerRegion"]!["polygons"]!.AsArray(), Has.Count.EqualTo(_hyperbola.PowerRegion.Polygons.Count).And.Count.GreaterThan(0));
            Assert.That(problem["powerRegion"]!["model"]!["exponent"]!.GetValue<double>(), Is.EqualTo(3.0));
        }

        using var geo = await client.GetAsync($"/api/acquisitions/{Hyperbola}/location.geojson");
        Assert.That(await geo.Content.ReadAsStringAsync(), Is.EqualTo(GeoJsonWriter.Write(_hyperbola)), "the receivers, the hyperbola and the power-based region, no point");
    }

    [Test]
    public async Task An_acquisition_not_located_yet_or_unknown_Should_be_a_404_saying_which()
    {
        using var client = _api.Client(null);
        var pending = await (await client.GetAsync($"/api/acquisitions/{Pending}/location")).ProblemAsync(HttpStatusCode.NotFound);
        var unknown = Guid.Parse("00000000-0000-4000-8000-00000000f0ff");
        var missing = await (await client.GetAsync($"/api/acquisitions/{unknown}/location.kml")).ProblemAsync(HttpStatusCode.NotFound);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pending["locationStatus"]!.GetValue<string>(), Is.EqualTo("not-yet-located"));
            Assert.That(pending["detail"]!.GetValue<string>(), Does.StartWith($"Acquisition {Pending} has no location yet"));
            Assert.That(missing["detail"]!.GetValue<string>(), Is.EqualTo($"No acquisition {unknown} is recorded."));
            Assert.That(missing["locationStatus"], Is.Null);
        }
    }

    [Test]
    public async Task The_recent_locations_Should_be_those_of_the_window_newest_first()
    {
        using var client = _api.Client(null);
        string Query(string from, string to, int? limit = null) =>
            $"/api/locations?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}" + (limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"&limit={l}") : "");

        var both = await (await client.GetAsync(Query("2026-11-20T00:00:00Z", "2026-11-20T03:00:00Z"))).JsonAsync(HttpStatusCode.OK);
        var first = await (await client.GetAsync(Query("2026-11-20T00:00:00Z", "2026-11-20T03:00:00Z", 1))).JsonAsync(HttpStatusCode.OK);
        var early = await (await client.GetAsync(Query("2026-11-20T00:00:00Z", "2026-11-20T02:00:00Z"))).JsonAsync(HttpStatusCode.OK);
        var bad = await (await client.GetAsync(Query("2026-11-20T00:00:00Z", "2026-11-20T03:00:00Z", 0))).ProblemAsync(HttpStatusCode.BadRequest);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(both.AsArray().Select(l => l!["acquisitionId"]!.GetValue<Guid>()), Is.EqualTo(new[] { Hyperbola, Located }));
            Assert.That(both[0]!["status"]!.GetValue<string>(), Is.EqualTo("hyperbola"));
            Assert.That(both[0]!["reason"]!.GetValue<string>(), Is.EqualTo(_hyperbola.Reason));
            Assert.That(both[0]!["ellipse95"], Is.Null);
            Assert.That(both[1]!["latitude"]!.GetValue<double>(), Is.EqualTo(_located.Latitude));
            Assert.That(both[1]!["ellipse95"]!["semiMajorM"]!.GetValue<double>(), Is.EqualTo(_located.Ellipse95!.SemiMajorM));
            Assert.That(both[1]!["stationsUsed"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(both[1]!["url"]!.GetValue<string>(), Is.EqualTo($"/api/acquisitions/{Located}/location"));
            Assert.That(first.AsArray().Select(l => l!["acquisitionId"]!.GetValue<Guid>()), Is.EqualTo(new[] { Hyperbola }));
            Assert.That(early.AsArray().Select(l => l!["acquisitionId"]!.GetValue<Guid>()), Is.EqualTo(new[] { Located }), "to is exclusive");
            Assert.That(bad["errors"]!["limit"]![0]!.GetValue<string>(), Is.EqualTo("limit must be between 1 and 1000 (got 0)."));
        }
    }

    [Test]
    public async Task The_CLI_Should_print_the_location_of_an_acquisition_id_read_through_the_API()
    {
        var folder = Directory.CreateTempSubdirectory("heimdall-locate-").FullName;
        try
        {
            var geoJson = Path.Combine(folder, "location.geojson");
            var (code, output, error) = await CliRunner.RunAsync(_api, null, "locate", Located.ToString(), "--geojson", geoJson);
            var (jsonCode, json, _) = await CliRunner.RunAsync(_api, null, "locate", Located.ToString(), "--json");
            var hyperbolaKml = Path.Combine(folder, "hyperbola.kml");
            var (hyperbolaCode, hyperbolaOutput, hyperbolaError) = await CliRunner.RunAsync(_api, null, "locate", Hyperbola.ToString(), "--kml", hyperbolaKml);

            using (Assert.EnterMultipleScope())
            {
                Assert.That((code, error), Is.EqualTo((0, "")));
                Assert.That(output, Does.StartWith($"acquisition {Located}, located 2026-11-20T01:00:00Z"));
                Assert.That(output, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"({_located.Latitude:0.#####}, {_located.Longitude:0.#####})")));
                Assert.That(output, Does.Contain("95 % ellipse: "));
                Assert.That(await File.ReadAllTextAsync(geoJson), Is.EqualTo(GeoJsonWriter.Write(_located)));
                Assert.That(jsonCode, Is.Zero);
                Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("latitude").GetDouble(), Is.EqualTo(_located.Latitude));
                Assert.That(hyperbolaCode, Is.EqualTo(Heimdall.Cli.CommandLine.ExitCodes.NotFound));
                Assert.That(hyperbolaOutput, Is.Empty);
                Assert.That(hyperbolaError, Does.Contain($"has no position: {_hyperbola.Reason}"));
                Assert.That(hyperbolaError, Does.Contain($"  {_hyperbola.Stations[0].Name}: used"));
                Assert.That(hyperbolaError, Does.Contain(string.Create(CultureInfo.InvariantCulture,
                    $"  power-based region (95 %, not a fix): {_hyperbola.PowerRegion!.AreaKm2:0.#} km²{(_hyperbola.PowerRegion.Bounded ? "" : " (reaches the edge of its grid: goes on beyond)")}; log-distance model, path-loss exponent 3, shadowing σ 8 dB")));
                Assert.That(await File.ReadAllTextAsync(hyperbolaKml), Is.EqualTo(KmlWriter.Write(_hyperbola, $"Heimdall acquisition {Hyperbola}")),
                    "a location without a point still has its KML (the power-based region) written");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
