using System.Text.RegularExpressions;

namespace Heimdall.Testing;

/// <summary>The metric names a PromQL expression reads, and the names a Prometheus text exposition offers.</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "count", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
        "rate", "irate", "increase", "delta", "deriv", "histogram_quantile", "abs", "absent", "clamp_min", "clamp_max", "topk", "bottomk",
        "offset", "bool", "time", "vector", "scalar", "label_replace", "count_over_time", "max_over_time", "min_over_time", "avg_over_time",
    };

    /// <summary>Every metric name in the expression (label matchers, grouping labels, ranges, offsets and strings left out).</summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var bare = Strings().Replace(expression, "\"\"");
        bare = Matchers().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        bare = Ranges().Replace(bare, " ");
        bare = Offsets().Replace(bare, " ");
        return Identifiers().Matches(bare).Select(m => m.Value).Where(w => !Words.Contains(w)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The sample names of a Prometheus text exposition (histograms give their _bucket, _sum and _count).</summary>
    public static IReadOnlySet<string> ExposedNames(string exposition) =>
        exposition.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleName().Match(l).Value).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The values of the samples of <paramref name="name"/> (exactly that name, with labels) whose label text contains
    /// every one of <paramref name="labels"/> (each written as in the exposition, e.g. <c>status="failed"</c>).
    /// </summary>
    public static IReadOnlyList<double> Samples(string exposition, string name, params string[] labels) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\boffset\s+-?\d[0-9smhdwy]*")]
    private static partial Regex Offsets();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
