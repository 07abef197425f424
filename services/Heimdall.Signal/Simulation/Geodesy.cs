namespace Heimdall.Signal.Simulation;

/// <summary>Distances on a spherical Earth.</summary>
public static class Geodesy
{
    /// <summary>Mean Earth radius (IUGG), in metres.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>
    /// Straight-line distance in metres: the great-circle (haversine) ground distance on a sphere of
    /// <see cref="EarthRadiusMeters"/> combined with the altitude difference, √(ground² + Δh²).
    /// </summary>
    public static double DistanceMeters(GeoPoint a, GeoPoint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var lat1 = DegreesToRadians(a.LatitudeDeg);
        var lat2 = DegreesToRadians(b.LatitudeDeg);
        var sinHalfDLat = Math.Sin((lat2 - lat1) / 2);
        var sinHalfDLon = Math.Sin(DegreesToRadians(b.LongitudeDeg - a.LongitudeDeg) / 2);
        var h = (sinHalfDLat * sinHalfDLat) + (Math.Cos(lat1) * Math.Cos(lat2) * sinHalfDLon * sinHalfDLon);
        var ground = 2 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1, h)));
        var dh = b.AltitudeM - a.AltitudeM;
        return Math.Sqrt((ground * ground) + (dh * dh));
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
