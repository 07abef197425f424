using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Output;

/// <summary>The 95 % ellipse as a closed ring of [longitude, latitude] points around the estimate (72 sides, in the local east-north plane).</summary>
internal static class EllipseOutline
{
    public static List<double[]> Ring(double latitude, double longitude, double altitudeM, ErrorEllipse ellipse, int sides = 72)
    {
        var frame = new LocalFrame(new GeoPosition(latitude, longitude, altitudeM));
        var (sinO, cosO) = Math.SinCos(ellipse.OrientationDeg * Math.PI / 180);
        var ring = new List<double[]>(sides + 1);
        for (var i = 0; i <= sides; i++)
        {
            var angle = 2 * Math.PI * (i % sides) / sides;
            var major = ellipse.SemiMajorM * Math.Cos(angle);
            var minor = ellipse.SemiMinorM * Math.Sin(angle);
            // The major axis points along the orientation (clockwise from north), the minor axis 90° clockwise of it.
            var east = (major * sinO) + (minor * cosO);
            var north = (major * cosO) - (minor * sinO);
            var point = frame.FromEnu(east, north, 0);
            ring.Add([point.Longitude, point.Latitude]);
        }

        return ring;
    }
}
