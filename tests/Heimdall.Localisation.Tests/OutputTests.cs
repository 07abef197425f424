using System.Text.Json;
using System.Xml.Linq;
using Heimdall.Localisation.Output;

namespace Heimdall.Localisation.Tests;

public sealed class OutputTests
{
    private static readonly Lazy<LocationEstimate> Estimate = new(() => Locator.Locate(Scenarios.Captures(Scenarios.Square()), Scenarios.Options));

    [Test]
    public void When_an_estimate_is_serialised_Should_carry_the_APIs_field_names()
    {
        using var json = JsonDocument.Parse(LocationJson.Serialize(Estimate.Value));
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
            {
                "status", "reason", "latitude", "longitude", "altitudeM", "ellipse95", "gdop", "propagation", "pairs", "stations", "method", "warnings", "hyperbolae",
            }));
            Assert.That(root.EnumerateObject().Select(p => p.Name), Has.None.EqualTo("heatMap"), "the map is written on its own");
            Assert.That(root.GetProperty("ellipse95").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "semiMajorM", "semiMinorM", "orientationDeg" }));
            Assert.That(root.GetProperty("pairs")[0].EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "receiverA", "receiverB", "delaySeconds", "sigmaSeconds", "used", "reason", "quality" }));
            Assert.That(root.GetProperty("stations")[0].EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "name", "used", "reason", "latitude", "longitude" }));
            Assert.That(LocationJson.Deserialize(json.RootElement.GetRawText())!.Latitude, Is.EqualTo(Estimate.Value.Latitude));
        });
    }

    [Test]
    public void When_an_estimate_is_written_as_GeoJSON_Should_give_the_estimate_its_ellipse_the_receivers_and_the_hyperbolae_in_longitude_latitude_order()
    {
        using var json = JsonDocument.Parse(GeoJsonWriter.Write(Estimate.Value));
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        string Kind(JsonElement f) => f.GetProperty("properties").GetProperty("kind").GetString()!;

        var point = features.Single(f => Kind(f) == "estimate").GetProperty("geometry");
        var ring = features.Single(f => Kind(f) == "ellipse95").GetProperty("geometry").GetProperty("coordinates")[0];
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("type").GetString(), Is.EqualTo("FeatureCollection"));
            Assert.That(point.GetProperty("type").GetString(), Is.EqualTo("Point"));
            Assert.That(point.GetProperty("coordinates")[0].GetDouble(), Is.EqualTo(Estimate.Value.Longitude!.Value).Within(1e-7));
            Assert.That(point.GetProperty("coordinates")[1].GetDouble(), Is.EqualTo(Estimate.Value.Latitude!.Value).Within(1e-7));
            Assert.That(ring.GetArrayLength(), Is.EqualTo(73), "72 sides, closed");
            Assert.That(ring[0].GetRawText(), Is.EqualTo(ring[72].GetRawText()));
            Assert.That(features.Count(f => Kind(f) == "receiver"), Is.EqualTo(4));
            Assert.That(features.Count(f => Kind(f) == "hyperbola"), Is.EqualTo(6));
            Assert.That(features.Where(f => Kind(f) == "hyperbola").Select(f => f.GetProperty("geometry").GetProperty("type").GetString()), Is.All.EqualTo("MultiLineString"));
        });
    }

    [Test]
    public void When_the_ellipse_is_drawn_its_farthest_points_Should_be_the_semi_major_axis_away_along_the_orientation()
    {
        var estimate = Estimate.Value;
        using var json = JsonDocument.Parse(GeoJsonWriter.Write(estimate));
        var ring = json.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("kind").GetString() == "ellipse95")
            .GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
        var frame = new Geodesy.LocalFrame(new Geodesy.GeoPosition(estimate.Latitude!.Value, estimate.Longitude!.Value, estimate.AltitudeM!.Value));
        var far = ring.Select(p => frame.ToEnu(new Geodesy.GeoPosition(p.Lat, p.Lon, estimate.AltitudeM.Value))).MaxBy(p => (p.E * p.E) + (p.N * p.N));
        var bearing = ((Math.Atan2(far.E, far.N) * 180 / Math.PI) + 360) % 180;

        Assert.Multiple(() =>
        {
            Assert.That(Math.Sqrt((far.E * far.E) + (far.N * far.N)), Is.EqualTo(estimate.Ellipse95!.SemiMajorM).Within(0.1).Percent);
            Assert.That(bearing, Is.EqualTo(estimate.Ellipse95.OrientationDeg).Within(2.5), "the vertex nearest the axis, 5° apart");
        });
    }

    [Test]
    public void When_an_estimate_is_written_as_KML_Should_be_KML_with_a_placemark_for_each_thing_drawn()
    {
        var kml = XDocument.Parse(KmlWriter.Write(Estimate.Value, "test"));
        XNamespace ns = "http://www.opengis.net/kml/2.2";
        var names = kml.Descendants(ns + "Placemark").Select(p => p.Element(ns + "name")!.Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(kml.Root!.Name, Is.EqualTo(ns + "kml"));
            Assert.That(names, Is.EqualTo(new[] { "estimate", "95 % ellipse", "A", "B", "C", "D", "A–B", "A–C", "A–D", "B–C", "B–D", "C–D" }));
            Assert.That(kml.Descendants(ns + "Polygon").Single().Descendants(ns + "coordinates").Single().Value.Split(' '), Has.Length.EqualTo(73));
        });
    }
}
