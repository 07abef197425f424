using System.Text;
using System.Text.Json;

namespace Heimdall.Localisation.Output;

/// <summary>
/// An estimate as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]): the estimate (Point, with the fields
/// of the answer as properties), its 95 % ellipse (Polygon), every receiver (Point: name, used, reason), each used
/// pair's hyperbola (MultiLineString), any alternative position (Point and Polygon) and any power-based region
/// (MultiPolygon, <c>kind: power-region</c>, <c>method: power-based</c>). Each feature's <c>kind</c>
/// property says what it is. Compact (no indentation). Pure: returns the text.
/// </summary>
public static class GeoJsonWriter
{
    public static string Write(LocationEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            if (estimate is { Latitude: { } lat, Longitude: { } lon, Ellipse95: { } ellipse })
            {
                Feature(json, "Point", () => Position(json, lon, lat), () =>
                {
                    json.WriteString("kind", "estimate");
                    json.WriteString("status", estimate.Status);
                    json.WriteNumber("latitude", lat);
                    json.WriteNumber("longitude", lon);
                    Number(json, "altitudeM", estimate.AltitudeM);
                    json.WriteNumber("semiMajorM", ellipse.SemiMajorM);
                    json.WriteNumber("semiMinorM", ellipse.SemiMinorM);
                    json.WriteNumber("orientationDeg", ellipse.OrientationDeg);
                    Number(json, "gdop", estimate.Gdop);
                    json.WriteString("propagation", estimate.Propagation);
                });
                Feature(json, "Polygon", () => Ring(json, EllipseOutline.Ring(lat, lon, estimate.AltitudeM ?? 0, ellipse)), () =>
                {
                    json.WriteString("kind", "ellipse95");
                    json.WriteNumber("semiMajorM", ellipse.SemiMajorM);
                    json.WriteNumber("semiMinorM", ellipse.SemiMinorM);
                    json.WriteNumber("orientationDeg", ellipse.OrientationDeg);
                });
            }

            foreach (var alternative in estimate.Alternatives)
            {
                Feature(json, "Point", () => Position(json, alternative.Longitude, alternative.Latitude), () =>
                {
                    json.WriteString("kind", "alternative");
                    json.WriteNumber("chiSquare", alternative.ChiSquare);
                });
                Feature(json, "Polygon", () => Ring(json, EllipseOutline.Ring(alternative.Latitude, alternative.Longitude, estimate.AltitudeM ?? 0, alternative.Ellipse95)),
                    () => json.WriteString("kind", "alternativeEllipse95"));
            }

            foreach (var station in estimate.Stations.Where(s => s.Latitude is not null && s.Longitude is not null))
            {
                Feature(json, "Point", () => Position(json, station.Longitude!.Value, station.Latitude!.Value), () =>
                {
                    json.WriteString("kind", "receiver");
                    json.WriteString("name", station.Name);
                    json.WriteBoolean("used", station.Used);
                    if (station.Reason is { } reason)
                    {
                        json.WriteString("reason", reason);
                    }
                });
            }

            foreach (var hyperbola in estimate.Hyperbolae.Where(h => h.Lines.Count > 0))
            {
                Feature(json, "MultiLineString", () =>
                {
                    foreach (var line in hyperbola.Lines)
                    {
                        json.WriteStartArray();
                        foreach (var point in line)
                        {
                            Position(json, point[0], point[1]);
                        }

                        json.WriteEndArray();
                    }
                }, () =>
                {
                    json.WriteString("kind", "hyperbola");
                    json.WriteString("receiverA", hyperbola.ReceiverA);
                    json.WriteString("receiverB", hyperbola.ReceiverB);
                    json.WriteNumber("delaySeconds", hyperbola.DelaySeconds);
                });
            }

            if (estimate.PowerRegion is { } region)
            {
                Power.PowerRegionGeoJson.RegionFeature(json, region);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A feature: its geometry's coordinates written by <paramref name="coordinates"/> (inside the coordinates array), its properties by <paramref name="properties"/>.</summary>
    internal static void Feature(Utf8JsonWriter json, string type, Action coordinates, Action properties)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("geometry");
        json.WriteString("type", type);
        json.WritePropertyName("coordinates");
        if (type == "Point")
        {
            coordinates();
        }
        else
        {
            json.WriteStartArray();
            coordinates();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartObject("properties");
        properties();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static void Ring(Utf8JsonWriter json, List<double[]> ring)
    {
        json.WriteStartArray();
        foreach (var point in ring)
        {
            Position(json, point[0], point[1]);
        }

        json.WriteEndArray();
    }

    internal static void Position(Utf8JsonWriter json, double longitude, double latitude)
    {
        // Seven decimals of a degree: about a centimetre.
        json.WriteStartArray();
        json.WriteNumberValue(Math.Round(longitude, 7));
        json.WriteNumberValue(Math.Round(latitude, 7));
        json.WriteEndArray();
    }

    internal static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
