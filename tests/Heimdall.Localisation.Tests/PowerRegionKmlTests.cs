using System.Globalization;
using System.Xml.Linq;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Power;
using Heimdall.Localisation.Simulation;

namespace Heimdall.Localisation.Tests;

/// <summary>
/// The power-based region in KML (<see cref="KmlWriter"/>): one Placemark named and described as power-based with its
/// confidence level and the model's exponent and shadowing σ, the same figures as ExtendedData, and the stored outline's
/// rings as Polygons, coordinate for coordinate; never a Point. A TDoA estimate's KML has none of it.
/// </summary>
public sealed class PowerRegionKmlTests
{
    private static readonly XNamespace Kml = "http://www.opengis.net/kml/2.2";
    private static readonly PowerRegionOptions Coarse = new(CellsPerSide: 120);

    /// <summary>The seeded network's receivers, a transmitter among them, powers from the model with 0.5 dB noise (seed 5).</summary>
    private static PowerRegionSummary Region(PathLossModel model, double confidence) => PowerRegionSummary.From(PowerRegion.Estimate(
        PowerSimulation.Observe(PowerSimulation.SeededNetwork, new GeoPosition(44.9, 8.3), 35, PathLossModel.Default, 0.5, new Random(5)),
        model, Coarse with { ConfidenceLevel = confidence }));

    /// <summary>A TDoA answer without a point (a hyperbola), as the Locator stores it with the region beside it.</summary>
    private static LocationEstimate NoPoint(PowerRegionSummary region) => new()
    {
        Status = LocationStatus.Hyperbola,
        Reason = "two receivers give a hyperbola, not a point",
        Propagation = "line-of-sight",
        PropagationSpeedMps = 299_792_458,
        Pairs = [],
        Stations = [],
        Method = "tdoa",
        PowerRegion = region,
    };

    private static XElement Placemark(XDocument kml, string name) => kml.Descendants(Kml + "Placemark").Single(p => p.Element(Kml + "name")!.Value == name);

    private static Dictionary<string, string> ExtendedData(XElement placemark) =>
        placemark.Element(Kml + "ExtendedData")!.Elements(Kml + "Data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element(Kml + "value")!.Value);

    /// <summary>The rings as KML writes coordinates: lon,lat to 7 decimals (about 1 cm), space-separated.</summary>
    private static List<string> Rings(PowerRegionSummary region) =>
        [.. region.Polygons.Select(ring => string.Join(' ', ring.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(p[0], 7):R},{Math.Round(p[1], 7):R}"))))];

    [Test]
    public void A_location_with_a_power_region_Should_carry_it_as_a_labelled_polygon_placemark_of_the_stored_rings()
    {
        var region = Region(PathLossModel.Default with { Exponent = 2.7, ShadowingSigmaDb = 6 }, 0.9);
        Assert.That(region.Status, Is.EqualTo(PowerRegionStatus.Region));
        Assert.That(region.Polygons, Has.Count.GreaterThan(1), "the seed gives a region of several rings");
        Assert.That(region.Stations.Count(s => s.Used), Is.EqualTo(7), "every receiver of the seeded network");
        Assert.That(region.Bounded, Is.False, "with this model the 90 % region reaches the grid's edge, which the description must say");

        var kml = XDocument.Parse(KmlWriter.Write(NoPoint(region), "test"));
        var placemark = Placemark(kml, "power-based region (90 %, not a fix)");
        var polygons = placemark.Element(Kml + "MultiGeometry")!.Elements(Kml + "Polygon").ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(placemark.Element(Kml + "description")!.Value, Is.EqualTo(string.Create(CultureInfo.InvariantCulture,
                $"Power-based, not a fix: where the receivers' calibrated powers put the transmitter at 90 % confidence; log-distance model, path-loss exponent 2.7, shadowing σ 6 dB; {region.AreaKm2:0.###} km² from 7 receivers (reaches the edge of its grid: goes on beyond)")));
            Assert.That(placemark.Element(Kml + "styleUrl")!.Value, Is.EqualTo("#power-region"));
            Assert.That(ExtendedData(placemark), Is.EqualTo(new Dictionary<string, string>
            {
                ["method"] = "power-based", ["status"] = "region", ["confidenceLevel"] = "0.9", ["pathLossExponent"] = "2.7", ["shadowingSigmaDb"] = "6",
                ["areaKm2"] = region.AreaKm2.ToString("R", CultureInfo.InvariantCulture), ["bounded"] = "false",
            }));
            Assert.That(polygons.Select(p => p.Element(Kml + "outerBoundaryIs")!.Element(Kml + "LinearRing")!.Element(Kml + "coordinates")!.Value), Is.EqualTo(Rings(region)),
                "each stored ring, in order, as [longitude, latitude]");
            Assert.That(placemark.Descendants(Kml + "Point"), Is.Empty, "a region, never a point");
            Assert.That(kml.Descendants(Kml + "Point"), Is.Empty, "no point anywhere: no estimate and no stations in this estimate");
            Assert.That(kml.Descendants(Kml + "Style").Select(s => s.Attribute("id")!.Value), Does.Contain("power-region"));
        }
    }

    [Test]
    public void A_region_that_could_not_be_drawn_Should_be_a_placemark_without_geometry_saying_why()
    {
        var insufficient = PowerRegionSummary.From(PowerRegion.Estimate(
            PowerSimulation.Observe(PowerSimulation.SeededNetwork.Take(2).ToList(), new GeoPosition(45.1, 7.6), 40, PathLossModel.Default, 0.5, new Random(3))));

        var kml = XDocument.Parse(KmlWriter.Write(NoPoint(insufficient), "test"));
        var placemark = Placemark(kml, "power-based region (95 %, not a fix)");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(placemark.Element(Kml + "description")!.Value, Is.EqualTo(
                "Power-based, no region (insufficient): 2 receiver(s) with a calibrated power; a power-based region needs at least 3.; log-distance model, path-loss exponent 3, shadowing σ 8 dB"));
            Assert.That(ExtendedData(placemark)["status"], Is.EqualTo("insufficient"));
            Assert.That(placemark.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "name", "description", "styleUrl", "ExtendedData" }), "no geometry");
        }
    }

    [Test]
    public void A_TDoA_location_Should_have_no_power_region_nor_its_style()
    {
        var estimate = Locator.Locate(Scenarios.Captures(Scenarios.Square()), Scenarios.Options);
        var text = KmlWriter.Write(estimate, "test");
        var kml = XDocument.Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimate.PowerRegion, Is.Null);
            Assert.That(kml.Descendants(Kml + "Style").Select(s => s.Attribute("id")!.Value), Is.EqualTo(new[] { "estimate", "ellipse", "receiver", "unused", "hyperbola" }));
            Assert.That(kml.Descendants(Kml + "ExtendedData"), Is.Empty);
            Assert.That(text, Does.Not.Contain("power-based"));
        }
    }

    [Test]
    public void A_region_on_its_own_Should_be_its_placemark_and_each_receiver_with_its_power()
    {
        var region = Region(PathLossModel.Default, 0.95);

        var kml = XDocument.Parse(KmlWriter.Write(region, "power"));
        var names = kml.Descendants(Kml + "Placemark").Select(p => p.Element(Kml + "name")!.Value).ToList();
        var first = region.Stations[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Is.EqualTo(new[] { "power-based region (95 %, not a fix)" }.Concat(region.Stations.Select(s => s.Name))));
            Assert.That(Placemark(kml, first.Name).Element(Kml + "description")!.Value,
                Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"used: calibrated power {first.PowerDbm:0.00} dBm ± 0.50 dB")));
            Assert.That(Placemark(kml, first.Name).Descendants(Kml + "coordinates").Single().Value,
                Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"{Math.Round(first.Longitude, 7):R},{Math.Round(first.Latitude, 7):R}")));
            Assert.That(ExtendedData(Placemark(kml, "power-based region (95 %, not a fix)"))["confidenceLevel"], Is.EqualTo("0.95"));
            Assert.That(kml.Descendants(Kml + "Polygon").Select(p => p.Descendants(Kml + "coordinates").Single().Value), Is.EqualTo(Rings(region)));
        }
    }
}
