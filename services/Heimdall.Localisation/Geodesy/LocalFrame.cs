namespace Heimdall.Localisation.Geodesy;

/// <summary>A local east-north-up frame (metres) with its origin at a geodetic position.</summary>
public sealed class LocalFrame
{
    private readonly double _x0, _y0, _z0;
    private readonly double _sinLat, _cosLat, _sinLon, _cosLon;

    public LocalFrame(GeoPosition origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
        (_x0, _y0, _z0) = Wgs84.ToEcef(origin);
        (_sinLat, _cosLat) = Math.SinCos(origin.Latitude * Wgs84.Radians);
        (_sinLon, _cosLon) = Math.SinCos(origin.Longitude * Wgs84.Radians);
    }

    public GeoPosition Origin { get; }

    /// <summary>East, north and up of an ECEF vector (a difference of positions).</summary>
    public (double E, double N, double U) Rotate(double dx, double dy, double dz) =>
        ((-_sinLon * dx) + (_cosLon * dy),
         (-_sinLat * _cosLon * dx) - (_sinLat * _sinLon * dy) + (_cosLat * dz),
         (_cosLat * _cosLon * dx) + (_cosLat * _sinLon * dy) + (_sinLat * dz));

    /// <summary>East, north and up of a position, relative to the origin.</summary>
    public (double E, double N, double U) ToEnu(GeoPosition position)
    {
        var (x, y, z) = Wgs84.ToEcef(position);
        return Rotate(x - _x0, y - _y0, z - _z0);
    }

    /// <summary>The position at east, north and up from the origin.</summary>
    public GeoPosition FromEnu(double e, double n, double u)
    {
        var dx = (-_sinLon * e) - (_sinLat * _cosLon * n) + (_cosLat * _cosLon * u);
        var dy = (_cosLon * e) - (_sinLat * _sinLon * n) + (_cosLat * _sinLon * u);
        var dz = (_cosLat * n) + (_sinLat * u);
        return Wgs84.FromEcef(_x0 + dx, _y0 + dy, _z0 + dz);
    }
}
