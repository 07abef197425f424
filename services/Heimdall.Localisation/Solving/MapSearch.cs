using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;

namespace Heimdall.Localisation.Solving;

/// <summary>
/// The global search: the arrival times' log-likelihood (with the best emission time at each node) over a
/// latitude/longitude grid around the receivers, at the altitude constraint's height. The grid spans the receivers'
/// bounding box widened by its own size on every side (at least 0.5°), so a transmitter up to about one network width
/// outside is on it; when the best node is on the grid's edge the grid is widened three times once more. Its best
/// nodes (local maxima at least three nodes apart) seed the least-squares refinement; the map is kept as the heat map.
/// </summary>
internal static class MapSearch
{
    public const int Nodes = 121;

    /// <summary>The map and its best local maxima, best first (at most <paramref name="seeds"/>), and whether the best lies on the edge.</summary>
    public static (LikelihoodMap Map, IReadOnlyList<GeoPosition> Seeds, bool OnEdge) Search(PositionSolver solver, IReadOnlyList<Site> sites, double altitudeM, int seeds)
    {
        var (map, maxima, onEdge) = Grid(solver, Box(sites, 1), altitudeM, seeds);
        if (onEdge)
        {
            (map, maxima, onEdge) = Grid(solver, Box(sites, 3), altitudeM, seeds);
        }

        return (map, maxima, onEdge);
    }

    private static (double South, double West, double North, double East) Box(IReadOnlyList<Site> sites, double widen)
    {
        var south = sites.Min(s => s.Position.Latitude);
        var north = sites.Max(s => s.Position.Latitude);
        var west = sites.Min(s => s.Position.Longitude);
        var east = sites.Max(s => s.Position.Longitude);
        var padLat = widen * Math.Max(0.5, north - south);
        var padLon = widen * Math.Max(0.5, east - west);
        return (Math.Max(-89.9, south - padLat), Math.Max(-180, west - padLon), Math.Min(89.9, north + padLat), Math.Min(180, east + padLon));
    }

    private static (LikelihoodMap, IReadOnlyList<GeoPosition>, bool) Grid(
        PositionSolver solver, (double South, double West, double North, double East) box, double altitudeM, int seeds)
    {
        var values = new double[Nodes * Nodes];
        var latStep = (box.North - box.South) / (Nodes - 1);
        var lonStep = (box.East - box.West) / (Nodes - 1);
        for (var row = 0; row < Nodes; row++)
        {
            for (var col = 0; col < Nodes; col++)
            {
                values[(row * Nodes) + col] = solver.LogLikelihood(new GeoPosition(box.South + (row * latStep), box.West + (col * lonStep), altitudeM));
            }
        }

        var best = values.Max();
        var maxima = new List<int>();
        foreach (var index in Enumerable.Range(0, values.Length).Where(i => IsLocalMaximum(values, i)).OrderByDescending(i => values[i]))
        {
            if (maxima.All(m => Math.Max(Math.Abs((m / Nodes) - (index / Nodes)), Math.Abs((m % Nodes) - (index % Nodes))) >= 3))
            {
                maxima.Add(index);
            }

            if (maxima.Count == seeds)
            {
                break;
            }
        }

        var top = maxima[0];
        var onEdge = top / Nodes is 0 or Nodes - 1 || top % Nodes is 0 or Nodes - 1;
        var map = new LikelihoodMap(box.South, box.West, box.North, box.East, Nodes, Nodes, values.Select(v => (float)(v - best)).ToArray());
        var positions = maxima.Select(i => new GeoPosition(box.South + (i / Nodes * latStep), box.West + (i % Nodes * lonStep), altitudeM)).ToList();
        return (map, positions, onEdge);
    }

    private static bool IsLocalMaximum(double[] values, int index)
    {
        var (row, col) = (index / Nodes, index % Nodes);
        for (var dr = -1; dr <= 1; dr++)
        {
            for (var dc = -1; dc <= 1; dc++)
            {
                var (r, c) = (row + dr, col + dc);
                if ((dr != 0 || dc != 0) && r >= 0 && r < Nodes && c >= 0 && c < Nodes && values[(r * Nodes) + c] > values[index])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
