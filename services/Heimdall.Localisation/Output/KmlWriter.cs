using System.Globalization;
using System.Text;
using System.Xml;
using Heimdall.Localisation.Power;

namespace Heimdall.Localisation.Output;

/// <summary>
/// An estimate as KML 2.2 (Google Earth and most GIS tools open it): the estimate, its 95 % ellipse, every receiver,
/// each used pair's hyperbola, any alternative position and any power-based region, as Placemarks with a description.
/// The power-based region is one Placemark named and described as power-based (its confidence level, the log-distance
/// model's exponent and shadowing σ), its outline a MultiGeometry of the stored rings, never a Point, with the same
/// figures as ExtendedData. Pure: returns the text.
/// </summary>
public static class KmlWriter
{
    private const string Namespace = "http://www.opengis.net/kml/2.2";

    public static string Write(LocationEstimate estimate, string name)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return Document(name, estimate.PowerRegion is not null, xml => Body(xml, estimate));
    }

    /// <summary>
    /// A power-based region on its own (<c>heimdall locate --power-based --kml</c>): the region's Placemark and each
    /// receiver with its calibrated power, used or not and why.
    /// </summary>
    public static string Write(PowerRegionSummary region, string name)
    {
        ArgumentNullException.ThrowIfNull(region);
        return Document(name, true, xml =>
        {
            PowerRegionPlacemark(xml, region);
            foreach (var station in region.Stations)
            {
                var power = station.PowerDbm is { } p ? Invariant($"calibrated power {p:0.00} dBm ± {station.SigmaDb:0.00} dB") : "no calibrated power";
                Placemark(xml, station.Name, station.Used ? "receiver" : "unused", station.Used ? $"used: {power}" : $"not used: {station.Reason} ({power})",
                    () => Point(xml, station.Longitude, station.Latitude));
            }
        });
    }

    private static string Document(string name, bool powerRegion, Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("kml", Namespace);
            xml.WriteStartElement("Document");
            xml.WriteElementString("name", name);
            Style(xml, "estimate", "ff0000ff", "ff0000ff");
            Style(xml, "ellipse", "ff0000ff", "330000ff");
            Style(xml, "receiver", "ffff0000", "ffff0000");
            Style(xml, "unused", "ff888888", "ff888888");
            Style(xml, "hyperbola", "ff00aaff", "0000aaff");
            if (powerRegion)
            {
                Style(xml, "power-region", "ff0087bf", "400087bf");
            }

            body(xml);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Body(XmlWriter xml, LocationEstimate estimate)
    {
        if (estimate is { Latitude: { } lat, Longitude: { } lon, Ellipse95: { } ellipse })
        {
            Placemark(xml, "estimate", "estimate", Invariant(
                $"{lat:0.#####}, {lon:0.#####}; 95 % ellipse {ellipse.SemiMajorM:0} × {ellipse.SemiMinorM:0} m, major axis {ellipse.OrientationDeg:0}° from north; GDOP {estimate.Gdop:0.##}; {estimate.Propagation}"),
                () => Point(xml, lon, lat));
            Placemark(xml, "95 % ellipse", "ellipse", null, () => Polygon(xml, EllipseOutline.Ring(lat, lon, estimate.AltitudeM ?? 0, ellipse)));
        }
        else
        {
            xml.WriteElementString("description", estimate.Reason ?? estimate.Status);
        }

        foreach (var alternative in estimate.Alternatives)
        {
            Placemark(xml, "alternative", "estimate", Invariant($"fits almost as well: χ² {alternative.ChiSquare:0.##}"), () => Point(xml, alternative.Longitude, alternative.Latitude));
            Placemark(xml, "alternative 95 % ellipse", "ellipse", null,
                () => Polygon(xml, EllipseOutline.Ring(alternative.Latitude, alternative.Longitude, estimate.AltitudeM ?? 0, alternative.Ellipse95)));
        }

        foreach (var station in estimate.Stations.Where(s => s.Latitude is not null && s.Longitude is not null))
        {
            Placemark(xml, station.Name, station.Used ? "receiver" : "unused", station.Used ? "used" : "not used: " + station.Reason,
                () => Point(xml, station.Longitude!.Value, station.Latitude!.Value));
        }

        foreach (var hyperbola in estimate.Hyperbolae.Where(h => h.Lines.Count > 0))
        {
            Placemark(xml, $"{hyperbola.ReceiverA}–{hyperbola.ReceiverB}", "hyperbola", Invariant($"delay {hyperbola.DelaySeconds * 1e6:0.###} µs"), () =>
            {
                xml.WriteStartElement("MultiGeometry");
                foreach (var line in hyperbola.Lines)
                {
                    xml.WriteStartElement("LineString");
                    xml.WriteElementString("tessellate", "1");
                    xml.WriteElementString("coordinates", Coordinates(line));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            });
        }

        if (estimate.PowerRegion is { } region)
        {
            PowerRegionPlacemark(xml, region);
        }
    }

    /// <summary>
    /// The power-based region: named and described as power-based with its confidence level and model, its figures as
    /// ExtendedData, its outline (the stored rings) as a MultiGeometry of Polygons; no geometry when it has no outline
    /// (status <c>empty</c> or <c>insufficient</c>, the reason in the description).
    /// </summary>
    private static void PowerRegionPlacemark(XmlWriter xml, PowerRegionSummary region)
    {
        var model = Invariant($"log-distance model, path-loss exponent {region.Model.Exponent:0.###}, shadowing σ {region.Model.ShadowingSigmaDb:0.###} dB");
        var description = region.Status == PowerRegionStatus.Region
            ? Invariant($"Power-based, not a fix: where the receivers' calibrated powers put the transmitter at {region.ConfidenceLevel * 100:0.#} % confidence; {model}; {region.AreaKm2:0.###} km² from {region.Stations.Count(s => s.Used)} receivers{(region.Bounded ? "" : " (reaches the edge of its grid: goes on beyond)")}")
            : Invariant($"Power-based, no region ({region.Status}): {region.Reason}; {model}");
        Placemark(xml, PowerRegionEstimate.Label(region.ConfidenceLevel), "power-region", description, () =>
        {
            xml.WriteStartElement("ExtendedData");
            foreach (var (key, value) in new[]
                     {
                         ("method", region.Method), ("status", region.Status), ("confidenceLevel", Invariant($"{region.ConfidenceLevel:R}")),
                         ("pathLossExponent", Invariant($"{region.Model.Exponent:R}")), ("shadowingSigmaDb", Invariant($"{region.Model.ShadowingSigmaDb:R}")),
                         ("areaKm2", Invariant($"{region.AreaKm2:R}")), ("bounded", region.Bounded ? "true" : "false"),
                     })
            {
                xml.WriteStartElement("Data");
                xml.WriteAttributeString("name", key);
                xml.WriteElementString("value", value);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            if (region.Polygons.Count > 0)
            {
                xml.WriteStartElement("MultiGeometry");
                foreach (var ring in region.Polygons)
                {
                    Polygon(xml, ring);
                }

                xml.WriteEndElement();
            }
        });
    }

    private static void Style(XmlWriter xml, string id, string line, string fill)
    {
        xml.WriteStartElement("Style");
        xml.WriteAttributeString("id", id);
        xml.WriteStartElement("LineStyle");
        xml.WriteElementString("color", line);
        xml.WriteElementString("width", "2");
        xml.WriteEndElement();
        xml.WriteStartElement("PolyStyle");
        xml.WriteElementString("color", fill);
        xml.WriteEndElement();
        xml.WriteStartElement("IconStyle");
        xml.WriteElementString("color", line);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Placemark(XmlWriter xml, string name, string style, string? description, Action geometry)
    {
        xml.WriteStartElement("Placemark");
        xml.WriteElementString("name", name);
        if (description is not null)
        {
            xml.WriteElementString("description", description);
        }

        xml.WriteElementString("styleUrl", "#" + style);
        geometry();
        xml.WriteEndElement();
    }

    private static void Point(XmlWriter xml, double longitude, double latitude)
    {
        xml.WriteStartElement("Point");
        xml.WriteElementString("coordinates", Coordinates([[longitude, latitude]]));
        xml.WriteEndElement();
    }

    private static void Polygon(XmlWriter xml, IEnumerable<double[]> ring)
    {
        xml.WriteStartElement("Polygon");
        xml.WriteStartElement("outerBoundaryIs");
        xml.WriteStartElement("LinearRing");
        xml.WriteElementString("coordinates", Coordinates(ring));
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static string Coordinates(IEnumerable<double[]> points) =>
        string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(p[0], 7):R},{Math.Round(p[1], 7):R}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
