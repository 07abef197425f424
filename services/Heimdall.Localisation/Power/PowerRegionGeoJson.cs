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
            GeoJsonWriter.Feature(json, "MultiPolygon", () => Rectangles(json, estimate), () =>
            {
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
                GeoJsonWriter.Number(json, "cellM", estimate.Grid is { } grid ? Math.Round(grid.CellM, 1) : null);
            });
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

    /// <summary>One polygon (a closed rectangle) per run of cells in a row.</summary>
    private static void Rectangles(Utf8JsonWriter json, PowerRegionEstimate estimate)
    {
        if (estimate.Grid is not { } grid)
        {
            return;
        }

        foreach (var (row, first, last) in Runs(estimate.Cells))
        {
            json.WriteStartArray();
            GeoJsonWriter.Ring(json, [.. new[] { (row, first), (row, last + 1), (row + 1, last + 1), (row + 1, first), (row, first) }
                .Select(c => grid.Corner(c.Item1, c.Item2)).Select(p => new[] { p.Longitude, p.Latitude })]);
            json.WriteEndArray();
        }
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
