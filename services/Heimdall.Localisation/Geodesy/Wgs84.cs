namespace Heimdall.Localisation.Geodesy;

/// <summary>The WGS-84 ellipsoid and conversions between geodetic and Earth-centred, Earth-fixed (ECEF) coordinates.</summary>
public static class Wgs84
{
    /// <summary>Semi-major axis, metres.</summary>
    public const double A = 6_378_137.0;

    /// <summary>Flattening.</summary>
    public const double F = 1 / 298.257223563;

    /// <summary>Semi-minor axis, metres.</summary>
    public const double B = A * (1 - F);

    /// <summary>First eccentricity squared.</summary>
    public const double E2 = F * (2 - F);

    /// <summary>Degrees to radians.</summary>
    public const double Radians = Math.PI / 180;

    /// <summary>ECEF coordinates (metres) of a geodetic position.</summary>
    public static (double X, double Y, double Z) ToEcef(GeoPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var (sinLat, cosLat) = Math.SinCos(position.Latitude * Radians);
        var (sinLon, cosLon) = Math.SinCos(position.Longitude * Radians);
        var n = A / Math.Sqrt(1 - (E2 * sinLat * sinLat));
        var h = position.AltitudeM;
        return ((n + h) * cosLat * cosLon, (n + h) * cosLat * sinLon, ((n * (1 - E2)) + h) * sinLat);
    }

    /// <summary>The geodetic position of ECEF coordinates (iterated to well below a millimetre).</summary>
    public static GeoPosition FromEcef(double x, double y, double z)
    {
        var p = Math.Sqrt((x * x) + (y * y));
        var lon = Math.Atan2(y, x);
        var lat = Math.Atan2(z, p * (1 - E2));
        for (var i = 0; i < 6; i++)
        {
            var sinLat = Math.Sin(lat);
            var n = A / Math.Sqrt(1 - (E2 * sinLat * sinLat));
            lat = Math.Atan2(z + (E2 * n * sinLat), p);
        }

        var (s, c) = Math.SinCos(lat);
        var height = (p * c) + (z * s) - (A * Math.Sqrt(1 - (E2 * s * s)));
        return new GeoPosition(lat / Radians, lon / Radians, height);
    }
}
