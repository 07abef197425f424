using System.Globalization;
using System.Text;
using System.Xml;

namespace Heimdall.Localisation.Output;

/// <summary>
/// An estimate as KML 2.2 (Google Earth and most GIS tools open it): the estimate, its 95 % ellipse, every receiver,
/// each used pair's hyperbola and any alternative position, as Placemarks with a description. Pure: returns the text.
/// </summary>
public static class KmlWriter
{
    private const string Namespace = "http://www.opengis.net/kml/2.2";

    public static string Write(LocationEstimate estimate, string name)
    {
        ArgumentNullException.ThrowIfNull(estimate);
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

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
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

    private static void Polygon(XmlWriter xml, List<double[]> ring)
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
