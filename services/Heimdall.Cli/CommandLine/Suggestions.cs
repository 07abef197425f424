namespace Heimdall.Cli.CommandLine;

/// <summary>The closest known word to a mistyped one (edit distance at most 2, or a unique prefix).</summary>
public static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var candidates = known.Distinct(StringComparer.Ordinal).ToList();
        var prefixed = candidates.Where(k => k.StartsWith(typed, StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 1 && typed.TrimStart('-').Length > 0)
        {
            return prefixed[0];
        }

        return candidates.Select(k => (Word: k, Distance: Distance(typed, k)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance).ThenBy(c => c.Word, StringComparer.Ordinal)
            .Select(c => c.Word).FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
