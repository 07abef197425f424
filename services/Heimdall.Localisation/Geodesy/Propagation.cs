namespace Heimdall.Localisation.Geodesy;

/// <summary>How a signal's path length from the transmitter to a receiver is computed.</summary>
public enum PropagationMode
{
    /// <summary>Below 30 MHz: the ground wave follows the Earth's surface; the path is the geodesic on the WGS-84 ellipsoid between the two points (heights ignored).</summary>
    GroundWave,

    /// <summary>From 30 MHz: a straight line in ECEF coordinates between the two points, heights included.</summary>
    LineOfSight,
}

/// <summary>
/// The path model: the mode (by frequency unless overridden) and the speed along the path. The speed is c over the
/// radio refractive index of air at the surface, n = 1 + 315·10⁻⁶ (ITU-R P.453's mean surface refractivity; the same
/// "primary phase factor" Loran-C uses for its ground wave): 0.03 % below c, 0.13 µs over 127 km of path difference.
/// </summary>
public sealed class Propagation
{
    /// <summary>Speed of light in vacuum, m/s.</summary>
    public const double SpeedOfLight = 299_792_458;

    /// <summary>Mean radio refractivity of air at the surface (ITU-R P.453), N-units × 10⁻⁶.</summary>
    public const double SurfaceRefractivity = 315e-6;

    /// <summary>The frequency from which <see cref="PropagationMode.LineOfSight"/> is chosen.</summary>
    public const double LineOfSightFromHz = 30e6;

    public Propagation(PropagationMode mode, double speedMps = SpeedOfLight / (1 + SurfaceRefractivity))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speedMps);
        Mode = mode;
        SpeedMps = speedMps;
    }

    public PropagationMode Mode { get; }

    public double SpeedMps { get; }

    /// <summary>The name used in the output: <c>ground-wave</c> or <c>line-of-sight</c>.</summary>
    public string Name => Names(Mode);

    /// <summary>Ground wave below 30 MHz, line of sight from 30 MHz.</summary>
    public static PropagationMode ModeFor(double frequencyHz) => frequencyHz >= LineOfSightFromHz ? PropagationMode.LineOfSight : PropagationMode.GroundWave;

    public static string Names(PropagationMode mode) => mode == PropagationMode.GroundWave ? "ground-wave" : "line-of-sight";

    /// <summary>Parses <c>ground-wave</c> or <c>line-of-sight</c>.</summary>
    public static bool TryParse(string text, out PropagationMode mode)
    {
        mode = text switch
        {
            "ground-wave" => PropagationMode.GroundWave,
            "line-of-sight" => PropagationMode.LineOfSight,
            _ => (PropagationMode)(-1),
        };
        return Enum.IsDefined(mode);
    }

    /// <summary>Path length in metres from <paramref name="transmitter"/> to <paramref name="site"/>.</summary>
    public double Distance(GeoPosition transmitter, Site site)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(site);
        if (Mode == PropagationMode.GroundWave)
        {
            return Geodesic.Inverse(transmitter.Latitude * Wgs84.Radians, transmitter.Longitude * Wgs84.Radians, site.LatitudeRadians, site.LongitudeRadians).Metres;
        }

        var (x, y, z) = Wgs84.ToEcef(transmitter);
        return Math.Sqrt(Square(x - site.X) + Square(y - site.Y) + Square(z - site.Z));
    }

    /// <summary>
    /// Path length in metres for the likelihood map: <see cref="Distance"/>, with the ground wave's geodesic by the
    /// Andoyer–Lambert formula (<see cref="Geodesic.Approximate"/>).
    /// </summary>
    public double MapDistance(GeoPosition transmitter, Site site)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(site);
        return Mode == PropagationMode.GroundWave
            ? Geodesic.Approximate(transmitter.Latitude * Wgs84.Radians, transmitter.Longitude * Wgs84.Radians, site.LatitudeRadians, site.LongitudeRadians)
            : Distance(transmitter, site);
    }

    /// <summary>Path length and its derivatives with respect to the transmitter's east, north and up (in the frame at the transmitter).</summary>
    public (double Metres, double DEast, double DNorth, double DUp) DistanceAndGradient(LocalFrame transmitterFrame, Site site)
    {
        ArgumentNullException.ThrowIfNull(transmitterFrame);
        ArgumentNullException.ThrowIfNull(site);
        var transmitter = transmitterFrame.Origin;
        if (Mode == PropagationMode.GroundWave)
        {
            var (metres, azimuth) = Geodesic.Inverse(transmitter.Latitude * Wgs84.Radians, transmitter.Longitude * Wgs84.Radians, site.LatitudeRadians, site.LongitudeRadians);
            var (sin, cos) = Math.SinCos(azimuth);
            return (metres, -sin, -cos, 0);
        }

        var (x, y, z) = Wgs84.ToEcef(transmitter);
        var (dx, dy, dz) = (x - site.X, y - site.Y, z - site.Z);
        var distance = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        if (distance == 0)
        {
            return (0, 0, 0, 0);
        }

        var (e, n, u) = transmitterFrame.Rotate(dx / distance, dy / distance, dz / distance);
        return (distance, e, n, u);
    }

    private static double Square(double x) => x * x;
}

/// <summary>A receiver's position with what the path computations reuse.</summary>
public sealed class Site
{
    public Site(GeoPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        Position = position;
        (X, Y, Z) = Wgs84.ToEcef(position);
        LatitudeRadians = position.Latitude * Wgs84.Radians;
        LongitudeRadians = position.Longitude * Wgs84.Radians;
    }

    public GeoPosition Position { get; }

    public double X { get; }

    public double Y { get; }

    public double Z { get; }

    public double LatitudeRadians { get; }

    public double LongitudeRadians { get; }
}
