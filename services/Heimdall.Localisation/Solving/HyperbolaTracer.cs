using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Solving;

/// <summary>
/// The ground locus of one pair's delay: the points p (at the altitude constraint's height) where
/// ρ_b(p) − ρ_a(p) = v·(delay − δ_b + δ_a), with the propagation model's path lengths. Along each bearing from receiver
/// a (every 2°) the difference falls from the baseline (at a) as the point moves out, so it crosses the target at most
/// once; the crossing is found by bracketed secant steps (Illinois). Bearings without a crossing within
/// <c>reachMetres</c> split the locus into separate lines.
/// </summary>
internal static class HyperbolaTracer
{
    private const int Bearings = 180;

    /// <summary>Lines of [longitude, latitude] points.</summary>
    public static IReadOnlyList<IReadOnlyList<double[]>> Trace(Propagation propagation, Site a, Site b, double targetMetres, double altitudeM, double reachMetres)
    {
        var origin = a.Position with { AltitudeM = altitudeM };
        var points = new double[]?[Bearings];
        for (var k = 0; k < Bearings; k++)
        {
            var azimuth = 2 * Math.PI * k / Bearings;
            double Difference(double s)
            {
                var p = Geodesic.Travel(origin, azimuth, s);
                return propagation.Distance(p, b) - propagation.Distance(p, a) - targetMetres;
            }

            double lo = 1, hi = reachMetres;
            double flo = Difference(lo), fhi = Difference(hi);
            if (!(flo >= 0 && fhi < 0))
            {
                continue;
            }

            var side = 0;
            var s = lo;
            for (var i = 0; i < 60 && hi - lo > 0.5; i++)
            {
                s = ((lo * fhi) - (hi * flo)) / (fhi - flo);
                var fs = Difference(s);
                if (fs >= 0)
                {
                    (lo, flo) = (s, fs);
                    if (side == -1)
                    {
                        fhi /= 2;
                    }

                    side = -1;
                }
                else
                {
                    (hi, fhi) = (s, fs);
                    if (side == 1)
                    {
                        flo /= 2;
                    }

                    side = 1;
                }
            }

            var point = Geodesic.Travel(origin, azimuth, s);
            points[k] = [point.Longitude, point.Latitude];
        }

        // Consecutive bearings with a crossing form a line; the run that ends at 358° continues into the one at 0°.
        var lines = new List<List<double[]>>();
        var current = new List<double[]>();
        var first = Array.FindIndex(points, p => p is null);
        var start = first < 0 ? 0 : first;
        for (var i = 0; i < Bearings; i++)
        {
            var point = points[(start + i) % Bearings];
            if (point is null)
            {
                if (current.Count >= 2)
                {
                    lines.Add(current);
                }

                current = [];
            }
            else
            {
                current.Add(point);
            }
        }

        if (current.Count >= 2)
        {
            if (first < 0)
            {
                current.Add(current[0]);
            }

            lines.Add(current);
        }

        return lines;
    }
}
