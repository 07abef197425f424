using System.Text;
using System.Text.Json;

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
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("geometry");
            json.WriteString("type", "MultiPolygon");
            json.WriteStartArray("coordinates");
            if (estimate.Grid is { } grid)
            {
                foreach (var (row, first, last) in Runs(estimate.Cells))
                {
                    json.WriteStartArray();
                    json.WriteStartArray();
                    foreach (var (r, c) in new[] { (row, first), (row, last + 1), (row + 1, last + 1), (row + 1, first), (row, first) })
                    {
                        var corner = grid.Corner(r, c);
                        json.WriteStartArray();
                        json.WriteNumberValue(Math.Round(corner.Longitude, 6));
                        json.WriteNumberValue(Math.Round(corner.Latitude, 6));
                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                    json.WriteEndArray();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("kind", "power-region");
            json.WriteString("method", estimate.Method);
            json.WriteString("status", estimate.Status);
            if (estimate.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            json.WriteNumber("confidenceLevel", estimate.ConfidenceLevel);
            json.WriteNumber("pathLossExponent", estimate.Model.Exponent);
            json.WriteNumber("shadowingSigmaDb", estimate.Model.ShadowingSigmaDb);
            json.WriteNumber("areaKm2", Math.Round(estimate.AreaKm2, 3));
            json.WriteBoolean("bounded", estimate.Bounded);
            if (estimate.Grid is { } g)
            {
                json.WriteNumber("cellM", Math.Round(g.CellM, 1));
            }

            json.WriteEndObject();
            json.WriteEndObject();
            foreach (var station in estimate.Stations)
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteStartObject("geometry");
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(station.Longitude);
                json.WriteNumberValue(station.Latitude);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("kind", "receiver");
                json.WriteString("name", station.Name);
                if (station.PowerDbm is { } power)
                {
                    json.WriteNumber("powerDbm", power);
                }
                else
                {
                    json.WriteNull("powerDbm");
                }

                json.WriteBoolean("used", station.Used);
                if (station.Reason is { } why)
                {
                    json.WriteString("reason", why);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

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
