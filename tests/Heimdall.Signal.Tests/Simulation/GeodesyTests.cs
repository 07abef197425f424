using Heimdall.Signal.Simulation;

namespace Heimdall.Signal.Tests.Simulation;

public class GeodesyTests
{
    private static readonly GeoPoint Torino = new(45.044, 7.672, 0);
    private static readonly GeoPoint MilanoBaggio = new(45.478, 9.123, 0);

    [Test]
    public void Torino_to_Milano_Baggio_Should_match_the_spherical_law_of_cosines()
    {
        var distance = Geodesy.DistanceMeters(Torino, MilanoBaggio);

        Assert.Multiple(() =>
        {
            Assert.That(distance, Is.EqualTo(LawOfCosinesMeters(Torino, MilanoBaggio)).Within(1.0));
            // About 123.4 km (cross-checked with an equirectangular approximation: 123 394.8 m).
            Assert.That(distance, Is.EqualTo(123_392.35).Within(1.0));
        });
    }

    [Test]
    public void Distance_Should_be_symmetric()
    {
        Assert.That(Geodesy.DistanceMeters(MilanoBaggio, Torino), Is.EqualTo(Geodesy.DistanceMeters(Torino, MilanoBaggio)).Within(1e-6));
    }

    [Test]
    public void Altitude_difference_Should_combine_with_the_ground_distance()
    {
        var raised = MilanoBaggio with { AltitudeM = 3_000 };
        var ground = LawOfCosinesMeters(Torino, MilanoBaggio);

        Assert.Multiple(() =>
        {
            Assert.That(Geodesy.DistanceMeters(Torino, Torino with { AltitudeM = 250 }), Is.EqualTo(250).Within(1e-6));
            Assert.That(Geodesy.DistanceMeters(Torino, raised), Is.EqualTo(Math.Sqrt((ground * ground) + (3_000.0 * 3_000.0))).Within(1.0));
        });
    }

    private static double LawOfCosinesMeters(GeoPoint a, GeoPoint b)
    {
        const double radius = 6_371_008.8;
        var lat1 = a.LatitudeDeg * Math.PI / 180;
        var lat2 = b.LatitudeDeg * Math.PI / 180;
        var dLon = (b.LongitudeDeg - a.LongitudeDeg) * Math.PI / 180;
        var cosAngle = (Math.Sin(lat1) * Math.Sin(lat2)) + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Cos(dLon));
        return radius * Math.Acos(cosAngle);
    }
}
