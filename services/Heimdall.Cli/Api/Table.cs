using System.Globalization;
using System.Text.Json.Nodes;

namespace Heimdall.Cli.Api;

/// <summary>A plain text table for people: a header, columns padded to their widest cell, numbers right-aligned.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly bool[] _numeric = new bool[headers.Length];

    public Table Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output)
    {
        if (_rows.Count == 0)
        {
            output.WriteLine("(none)");
            return;
        }

        for (var c = 0; c < headers.Length; c++)
        {
            _numeric[c] = _rows.All(r => r[c] is "" or "-" || double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        }

        var widths = headers.Select((h, c) => Math.Max(h.Length, _rows.Max(r => r[c].Length))).ToArray();
        output.WriteLine(Line(headers, widths).TrimEnd());
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths).TrimEnd());
        }
    }

    private string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, c) => _numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])));

    /// <summary>A number with <paramref name="format"/>, or <paramref name="absent"/> for null.</summary>
    public static string Number(JsonNode? node, string format = "0.00", string absent = "-") =>
        node is null ? absent : node.GetValue<double>().ToString(format, CultureInfo.InvariantCulture);

    public static string Text(JsonNode? node, string absent = "-") => node is null ? absent : node.ToString();

    /// <summary>A measured number with its one-sigma uncertainty when it has one: <c>17.96±0.08</c>.</summary>
    public static string Measured(JsonNode? node, JsonNode? sigma, string format = "0.00", string absent = "-") =>
        node is null ? absent : Number(node, format) + (sigma is null ? "" : "±" + Number(sigma, format));

    /// <summary>An ISO timestamp as <c>yyyy-MM-dd HH:mm:ss</c> in UTC, for a column whose header says <see cref="Utc"/>.</summary>
    public static string Time(JsonNode? node) =>
        node is null ? "-" : DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A time in running text: <see cref="Time"/> and <c> UTC</c> (or <c>-</c>).</summary>
    public static string TimeUtc(JsonNode? node) => node is null ? "-" : Time(node) + " UTC";

    /// <summary>A time column's header: the times of the table are UTC.</summary>
    public static string Utc(string header) => header + " (UTC)";

    /// <summary>The warnings a measurement carries, one sentence each; none when it has no <c>warnings</c> (an API older than the field).</summary>
    public static IEnumerable<string> Warnings(JsonNode? measurement) =>
        measurement?["warnings"] is JsonArray warnings ? warnings.Select(w => w!.GetValue<string>()) : [];

    public static string Megahertz(JsonNode? node) => node is null ? "-" : (node.GetValue<double>() / 1e6).ToString("0.######", CultureInfo.InvariantCulture);
}
