using Heimdall.Localisation.Output;

namespace Heimdall.Localisation.Solving;

/// <summary>The 95 % error ellipse of a horizontal covariance.</summary>
internal static class EllipseMath
{
    /// <summary>χ² with 2 degrees of freedom at 95 %: −2·ln(0.05).</summary>
    public static readonly double Chi2Two95 = -2 * Math.Log(0.05);

    /// <summary>
    /// Semi-axes √(5.991·λ) of the covariance's eigenvalues λ, and the major axis's direction in degrees clockwise from
    /// north, in [0, 180).
    /// </summary>
    public static ErrorEllipse Ellipse95(HorizontalCovariance c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var mean = (c.EastEast + c.NorthNorth) / 2;
        var radius = Math.Sqrt((((c.EastEast - c.NorthNorth) / 2) * ((c.EastEast - c.NorthNorth) / 2)) + (c.EastNorth * c.EastNorth));
        var major = mean + radius;
        var minor = Math.Max(0, mean - radius);
        // Angle of the major axis from east, counter-clockwise; from north, clockwise, is 90° less it.
        var fromEast = 0.5 * Math.Atan2(2 * c.EastNorth, c.EastEast - c.NorthNorth);
        var fromNorth = (90 - (fromEast * 180 / Math.PI)) % 180;
        return new ErrorEllipse(Math.Sqrt(Chi2Two95 * major), Math.Sqrt(Chi2Two95 * minor), fromNorth < 0 ? fromNorth + 180 : fromNorth);
    }

    /// <summary>The squared Mahalanobis distance of an east-north offset under the covariance (≤ 5.991 inside the 95 % ellipse).</summary>
    public static double Mahalanobis(HorizontalCovariance c, double east, double north)
    {
        ArgumentNullException.ThrowIfNull(c);
        var determinant = (c.EastEast * c.NorthNorth) - (c.EastNorth * c.EastNorth);
        return determinant > 0 ? ((c.NorthNorth * east * east) - (2 * c.EastNorth * east * north) + (c.EastEast * north * north)) / determinant : double.PositiveInfinity;
    }
}
