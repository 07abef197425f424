namespace Heimdall.Localisation.Solving;

/// <summary>Connected components of the receivers joined by usable pairs.</summary>
internal static class Components
{
    /// <summary>The receivers (0…n−1) of the largest component, in ascending order (ties: the one with the lowest receiver).</summary>
    public static IReadOnlyList<int> Largest(int n, IEnumerable<(int A, int B)> edges)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        foreach (var (a, b) in edges)
        {
            parent[Root(parent, a)] = Root(parent, b);
        }

        return Enumerable.Range(0, n).GroupBy(i => Root(parent, i))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min())
            .First().Order().ToList();
    }

    private static int Root(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
