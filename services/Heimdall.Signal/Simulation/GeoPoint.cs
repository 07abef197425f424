namespace Heimdall.Signal.Simulation;

/// <summary>A position on (or above) the Earth.</summary>
/// <param name="LatitudeDeg">Latitude in degrees, north positive.</param>
/// <param name="LongitudeDeg">Longitude in degrees, east positive.</param>
/// <param name="AltitudeM">Altitude in metres.</param>
public sealed record GeoPoint(double LatitudeDeg, double LongitudeDeg, double AltitudeM);
