using System.Text;
using System.Text.Json;
using Heimdall.Localisation.Output;

namespace Heimdall.Localisation.Power;

/// <summary>
/// A power-based region as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]): the region as one
/// MultiPolygon (each row's run of adjacent cells one rectangle; no point anywhere), labelled <c>method: power-based</c>
/// with its confidence level and model, and every receiver (Point: name, power, used, reason). Compact. Pure.
/// </summary>
public static class PowerRegionGeoJson
{
    public static string Write(PowerRegionEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            RegionFeature(json, PowerRegionSummary.From(estimate));
            foreach (var station in estimate.Stations)
            {
                GeoJsonWriter.Feature(json, "Point", () => GeoJsonWriter.Position(json, station.Longitude, station.Latitude), () =>
                {
                    json.WriteString("kind", "receiver");
                    json.WriteString("name", station.Name);
                    GeoJsonWriter.Number(json, "powerDbm", station.PowerDbm);
                    json.WriteBoolean("used", station.Used);
                    if (station.Reason is { } why)
                    {
                        json.WriteString("reason", why);
                    }
                });
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The region as a MultiPolygon feature labelled <c>kind: power-region</c>, <c>method: power-based</c>, with its confidence level and model.</summary>
    internal static void RegionFeature(Utf8JsonWriter json, PowerRegionSummary region) =>
        GeoJsonWriter.Feature(json, "MultiPolygon", () =>
        {
            foreach (var ring in region.Polygons)
            {
                json.WriteStartArray();
                GeoJsonWriter.Ring(json, [.. ring]);
                json.WriteEndArray();
            }
        }, () =>
        {
            json.WriteString("kind", "power-region");
            json.WriteString("method", region.Method);
            json.WriteString("status", region.Status);
            if (region.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            json.WriteNumber("confidenceLevel", region.ConfidenceLevel);
            json.WriteNumber("pathLossExponent", region.Model.Exponent);
            json.WriteNumber("shadowingSigmaDb", region.Model.ShadowingSigmaDb);
            json.WriteNumber("areaKm2", region.AreaKm2);
            json.WriteBoolean("bounded", region.Bounded);
            GeoJsonWriter.Number(json, "cellM", region.CellM);
        });

    /// <summary>The region's cells (row-major) as runs of adjacent columns in one row: (row, first column, last column).</summary>
    internal static IEnumerable<(int Row, int First, int Last)> Runs(IReadOnlyList<RegionCell> cells)
    {
        for (var i = 0; i < cells.Count;)
        {
            var j = i;
            while (j + 1 < cells.Count && cells[j + 1].Row == cells[i].Row && cells[j + 1].Column == cells[j].Column + 1)
            {
                j++;
            }

            yield return (cells[i].Row, cells[i].Column, cells[j].Column);
            i = j + 1;
        }
    }
}
