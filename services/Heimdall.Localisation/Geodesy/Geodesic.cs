namespace Heimdall.Localisation.Geodesy;

/// <summary>
/// The shortest path between two points on the WGS-84 ellipsoid (Vincenty's inverse formula, T. Vincenty, Survey
/// Review 1975): its length to a fraction of a millimetre and the azimuth at the first point. Nearly antipodal points,
/// where the iteration does not converge, fall back to a great circle on the sphere of mean radius (never the case
/// between a transmitter and receivers that hear it by ground wave).
/// </summary>
public static class Geodesic
{
    private const double MeanRadius = ((2 * Wgs84.A) + Wgs84.B) / 3;

    /// <summary>Length in metres and azimuth at <paramref name="from"/> (radians clockwise from north) of the geodesic to <paramref name="to"/>.</summary>
    public static (double Metres, double Azimuth) Inverse(GeoPosition from, GeoPosition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return Inverse(from.Latitude * Wgs84.Radians, from.Longitude * Wgs84.Radians, to.Latitude * Wgs84.Radians, to.Longitude * Wgs84.Radians);
    }

    /// <summary>As <see cref="Inverse(GeoPosition, GeoPosition)"/>, latitudes and longitudes in radians.</summary>
    public static (double Metres, double Azimuth) Inverse(double lat1, double lon1, double lat2, double lon2)
    {
        const double f = Wgs84.F;
        var l = lon2 - lon1;
        var (sinU1, cosU1) = Math.SinCos(Math.Atan((1 - f) * Math.Tan(lat1)));
        var (sinU2, cosU2) = Math.SinCos(Math.Atan((1 - f) * Math.Tan(lat2)));
        var lambda = l;
        double sinSigma = 0, cosSigma = 1, sigma = 0, cos2Alpha = 1, cos2SigmaM = 0, sinLambda = 0, cosLambda = 1;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            (sinLambda, cosLambda) = Math.SinCos(lambda);
            var a = cosU2 * sinLambda;
            var b = (cosU1 * sinU2) - (sinU1 * cosU2 * cosLambda);
            sinSigma = Math.Sqrt((a * a) + (b * b));
            if (sinSigma == 0)
            {
                return (0, 0);
            }

            cosSigma = (sinU1 * sinU2) + (cosU1 * cosU2 * cosLambda);
            sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            cos2Alpha = 1 - (sinAlpha * sinAlpha);
            cos2SigmaM = cos2Alpha != 0 ? cosSigma - (2 * sinU1 * sinU2 / cos2Alpha) : 0;
            var c = f / 16 * cos2Alpha * (4 + (f * (4 - (3 * cos2Alpha))));
            var previous = lambda;
            lambda = l + ((1 - c) * f * sinAlpha * (sigma + (c * sinSigma * (cos2SigmaM + (c * cosSigma * (-1 + (2 * cos2SigmaM * cos2SigmaM)))))));
            if (Math.Abs(lambda - previous) < 1e-13)
            {
                var u2 = cos2Alpha * ((Wgs84.A * Wgs84.A) - (Wgs84.B * Wgs84.B)) / (Wgs84.B * Wgs84.B);
                var bigA = 1 + (u2 / 16384 * (4096 + (u2 * (-768 + (u2 * (320 - (175 * u2)))))));
                var bigB = u2 / 1024 * (256 + (u2 * (-128 + (u2 * (74 - (47 * u2))))));
                var deltaSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4 * ((cosSigma * (-1 + (2 * cos2SigmaM * cos2SigmaM)))
                    - (bigB / 6 * cos2SigmaM * (-3 + (4 * sinSigma * sinSigma)) * (-3 + (4 * cos2SigmaM * cos2SigmaM))))));
                var azimuth = Math.Atan2(cosU2 * sinLambda, (cosU1 * sinU2) - (sinU1 * cosU2 * cosLambda));
                return (Wgs84.B * bigA * (sigma - deltaSigma), azimuth);
            }
        }

        return GreatCircle(lat1, lon1, lat2, lon2);
    }

    /// <summary>
    /// The geodesic's length by the Andoyer–Lambert formula (one evaluation, first order in the flattening): within 5 m
    /// of <see cref="Inverse(double, double, double, double)"/> up to 300 km, 12 m up to 1 000 km and 40 m up to 3 000 km
    /// (GeodesyTests), at a fraction of its cost. For the likelihood map, whose nodes are tens of
    /// kilometres apart; the fit uses the exact length.
    /// </summary>
    public static double Approximate(double lat1, double lon1, double lat2, double lon2)
    {
        const double f = Wgs84.F;
        var beta1 = Math.Atan((1 - f) * Math.Tan(lat1));
        var beta2 = Math.Atan((1 - f) * Math.Tan(lat2));
        var sinHalfLat = Math.Sin((beta2 - beta1) / 2);
        var sinHalfLon = Math.Sin((lon2 - lon1) / 2);
        var h = (sinHalfLat * sinHalfLat) + (Math.Cos(beta1) * Math.Cos(beta2) * sinHalfLon * sinHalfLon);
        var sigma = 2 * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1)));
        if (sigma < 1e-12)
        {
            return 0;
        }

        var (sinP, cosP) = Math.SinCos((beta1 + beta2) / 2);
        var (sinQ, cosQ) = Math.SinCos((beta2 - beta1) / 2);
        var (sinHalfSigma, cosHalfSigma) = Math.SinCos(sigma / 2);
        var sinSigma = Math.Sin(sigma);
        var x = (sigma - sinSigma) * sinP * sinP * cosQ * cosQ / (cosHalfSigma * cosHalfSigma);
        var y = (sigma + sinSigma) * cosP * cosP * sinQ * sinQ / (sinHalfSigma * sinHalfSigma);
        return Wgs84.A * (sigma - (f / 2 * (x + y)));
    }

    /// <summary>The point at <paramref name="metres"/> along azimuth <paramref name="azimuth"/> (radians) from <paramref name="from"/> on the sphere of mean radius: a parametrisation, not a geodesic.</summary>
    public static GeoPosition Travel(GeoPosition from, double azimuth, double metres)
    {
        ArgumentNullException.ThrowIfNull(from);
        var delta = metres / MeanRadius;
        var (sinLat, cosLat) = Math.SinCos(from.Latitude * Wgs84.Radians);
        var (sinDelta, cosDelta) = Math.SinCos(delta);
        var lat = Math.Asin(Math.Clamp((sinLat * cosDelta) + (cosLat * sinDelta * Math.Cos(azimuth)), -1, 1));
        var lon = (from.Longitude * Wgs84.Radians) + Math.Atan2(Math.Sin(azimuth) * sinDelta * cosLat, cosDelta - (sinLat * Math.Sin(lat)));
        var degrees = lon / Wgs84.Radians;
        return new GeoPosition(lat / Wgs84.Radians, ((degrees + 540) % 360) - 180, from.AltitudeM);
    }

    private static (double, double) GreatCircle(double lat1, double lon1, double lat2, double lon2)
    {
        var (sin1, cos1) = Math.SinCos(lat1);
        var (sin2, cos2) = Math.SinCos(lat2);
        var dLon = lon2 - lon1;
        var central = Math.Acos(Math.Clamp((sin1 * sin2) + (cos1 * cos2 * Math.Cos(dLon)), -1, 1));
        var azimuth = Math.Atan2(Math.Sin(dLon) * cos2, (cos1 * sin2) - (sin1 * cos2 * Math.Cos(dLon)));
        return (MeanRadius * central, azimuth);
    }
}
