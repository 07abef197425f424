namespace Heimdall.Localisation.Geodesy;

/// <summary>A position on the WGS-84 ellipsoid: latitude and longitude in degrees (north, east positive), height in metres.</summary>
public sealed record GeoPosition(double Latitude, double Longitude, double AltitudeM = 0)
{
    /// <summary>True when the latitude is within ±90°, the longitude within ±180° and every value finite.</summary>
    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) && double.IsFinite(AltitudeM)
        && Math.Abs(Latitude) <= 90 && Math.Abs(Longitude) <= 180;
}
