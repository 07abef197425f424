using System.Globalization;
using System.Xml.Linq;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Power;
using Heimdall.Localisation.Simulation;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Heimdall.Console.Tests;

/// <summary>The power-based region of an acquisition whose receivers are untimed, as the console draws it.</summary>
public sealed partial class ConsoleSpecs
{
    /// <summary>
    /// A location stored as the Locator stores one for untimed receivers: TDoA gave no point (not-located, every receiver
    /// timed by the host clock) and the receivers' calibrated powers drew a power-based region, here at 90 % with an
    /// exponent of 2.7 and a shadowing σ of 6 dB (not the defaults, so that the page can only have them from the row).
    /// The page draws the region as one polygon of the stored rings, labelled power-based with that confidence and
    /// model, the receivers as stations, and nothing that looks like a fix: no estimate marker, no ellipse. Its KML link
    /// downloads the same region, named power-based.
    /// </summary>
    [Test]
    public async Task Acquisition_page_of_untimed_receivers_Should_draw_the_power_based_region_with_its_label_and_no_point()
    {
        var id = Guid.NewGuid();
        var model = PathLossModel.Default with { Exponent = 2.7, ShadowingSigmaDb = 6 };
        var region = PowerRegionSummary.From(PowerRegion.Estimate(
            PowerSimulation.Observe(PowerSimulation.SeededNetwork, new GeoPosition(44.9, 8.3), 35, model, 0.5, new Random(5)),
            model, new PowerRegionOptions(CellsPerSide: 120) with { ConfidenceLevel = 0.9 }));
        Assert.That((region.Status, region.Polygons.Count > 0), Is.EqualTo((PowerRegionStatus.Region, true)), "the seed draws a region");
        var estimate = new LocationEstimate
        {
            Status = LocationStatus.NotLocated,
            Reason = "no receiver is GNSS-timed: every one is timed by the host clock",
            Propagation = "line-of-sight",
            PropagationSpeedMps = 299_792_458,
            Pairs = [],
            Stations = [.. region.Stations.Select(s => new StationReport
            {
                Name = s.Name, Latitude = s.Latitude, Longitude = s.Longitude, Used = false, Reason = "timed by the host clock", TimingSource = "host-clock",
            })],
            Method = "tdoa",
            PowerRegion = region,
        };
        await SeedLocationAsync(id, estimate);
        await UseKeyAsync(ReadKey);

        await _page.GotoAsync($"/#/acquisitions/{id}");
        var section = _page.Locator("#location-section");
        await Expect(section).ToHaveAttributeAsync("data-method", "power-based", new() { Timeout = 30_000 });
        await Expect(section).ToHaveAttributeAsync("data-located", "false");
        await Expect(_page.Locator("#location-map")).ToHaveAttributeAsync("data-drawn", "true");
        var polygon = _page.Locator("#location-map path.power-region");
        await Expect(polygon).ToHaveCountAsync(1);
        await Expect(_page.Locator("#location-map path.station")).ToHaveCountAsync(estimate.Stations.Count);

        const string label = "power-based region (90 %, not a fix)";
        await Expect(section.Locator("dd.method")).ToHaveTextAsync("power-based");
        await Expect(section).ToContainTextAsync($"The {label} below is where the receivers' calibrated powers put the transmitter.");
        await Expect(section).ToContainTextAsync(string.Create(CultureInfo.InvariantCulture, $"{region.AreaKm2:0} km² at 90 % confidence"));
        await Expect(section).ToContainTextAsync("log-distance, exponent 2.7, shadowing σ 6 dB");
        await Expect(_page.Locator("#location-map")).ToHaveAttributeAsync("aria-label", $"Map of the {label} and its receivers");
        await polygon.DispatchEventAsync("mouseover");
        await Expect(_page.Locator("#location-map .leaflet-tooltip")).ToHaveTextAsync(label);

        // One SVG subpath ("M … z") per stored ring: the outline drawn is the stored one, ring for ring.
        var path = await polygon.GetAttributeAsync("d");
        Assert.That(path!.Count(c => c == 'M'), Is.EqualTo(region.Polygons.Count), "each stored ring drawn");

        // Nothing pretends to be a fix: no estimate marker, no ellipse, no marker icon; the only circles are the receivers.
        await Expect(_page.Locator("#location-map path.estimate")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#location-map path.ellipse95")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#location-map .leaflet-marker-icon")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#location-map path.leaflet-interactive")).ToHaveCountAsync(1 + estimate.Stations.Count);
        await ScreenshotAsync("power-region");

        // The KML link gives the same region, named power-based at the stored confidence.
        var download = await _page.RunAndWaitForDownloadAsync(() => section.GetByRole(AriaRole.Link, new() { Name = "KML" }).ClickAsync());
        XNamespace kml = "http://www.opengis.net/kml/2.2";
        var document = XDocument.Load((await download.PathAsync())!);
        var placemark = document.Descendants(kml + "Placemark").Single(p => p.Element(kml + "styleUrl")?.Value == "#power-region");
        Assert.That(placemark.Element(kml + "name")!.Value, Is.EqualTo(label));
        Assert.That(placemark.Descendants(kml + "Polygon").Count(), Is.EqualTo(region.Polygons.Count));
        AssertNoScriptOrPolicyErrors();
    }

    /// <summary>The acquisition (completed, no recording) and its location row, as the MetricsWriter and the Locator write them.</summary>
    private async Task SeedLocationAsync(Guid id, LocationEstimate estimate)
    {
        var database = Pipeline.Stack.Database;
        await database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, started_at, completed_at, frequency_hz, duration_seconds, start_at,
                                      receivers_expected, receivers_stored, receivers_failed, receiver_ids, requested_by)
            values ('{id}', 'completed', now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '9 minutes', 145500000, 1,
                    now() - interval '10 minutes', 0, 0, 0, array[]::integer[], 'tests')
            """);
        await using var command = database.DataSource.CreateCommand("""
            insert into locations (acquisition_id, status, reason, propagation, method, frequency_hz, stations_used, stations_total, estimate, compute_ms)
            values ($1, $2, $3, $4, $5, 145500000, 0, $6, $7::jsonb, 1)
            """);
        foreach (var value in new object[] { id, estimate.Status, estimate.Reason!, estimate.Propagation, estimate.Method, estimate.Stations.Count, LocationJson.Serialize(estimate) })
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
