using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Tests;

public sealed class GeodesyTests
{
    private static double Dms(int degrees, int minutes, double seconds) => Math.Sign(degrees) * (Math.Abs(degrees) + (minutes / 60.0) + (seconds / 3600));

    [Test]
    public void When_Flinders_Peak_to_Buninyong_is_measured_Should_give_Vincentys_published_length_and_azimuth()
    {
        // Geoscience Australia's worked example (GRS80; WGS-84's flattening differs by 5e-15, far below a millimetre here).
        var flinders = new GeoPosition(-Dms(37, 57, 3.72030), Dms(144, 25, 29.52440));
        var buninyong = new GeoPosition(-Dms(37, 39, 10.15610), Dms(143, 55, 35.38390));

        var (metres, azimuth) = Geodesic.Inverse(flinders, buninyong);

        Assert.Multiple(() =>
        {
            Assert.That(metres, Is.EqualTo(54_972.271).Within(0.001));
            Assert.That((azimuth * 180 / Math.PI) + 360, Is.EqualTo(Dms(306, 52, 5.37)).Within(0.01 / 3600));
        });
    }

    [Test]
    public void When_positions_go_to_ECEF_and_back_Should_come_back_to_a_tenth_of_a_millimetre()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var p = new GeoPosition((random.NextDouble() * 178) - 89, (random.NextDouble() * 358) - 179, (random.NextDouble() * 10_000) - 100);
            var (x, y, z) = Wgs84.ToEcef(p);
            var back = Wgs84.FromEcef(x, y, z);
            Assert.That((Math.Abs(back.Latitude - p.Latitude), Math.Abs(back.Longitude - p.Longitude), Math.Abs(back.AltitudeM - p.AltitudeM)),
                Is.EqualTo((0.0, 0.0, 0.0)).Using<(double, double, double)>((a, b) => a.Item1 < 1e-9 && a.Item2 < 1e-9 && a.Item3 < 1e-4));
        }
    }

    [Test]
    public void When_a_point_1_km_north_is_seen_from_a_local_frame_Should_be_1_km_north_and_below_the_horizon_by_the_Earths_curvature()
    {
        var origin = new GeoPosition(45.07, 7.69, 240);
        var frame = new LocalFrame(origin);
        var north = frame.FromEnu(0, 1000, 0);
        var (e, n, u) = frame.ToEnu(north with { AltitudeM = 240 });

        Assert.Multiple(() =>
        {
            Assert.That(e, Is.EqualTo(0).Within(1e-6));
            Assert.That(n, Is.EqualTo(1000).Within(0.001));
            Assert.That(u, Is.EqualTo(-1000.0 * 1000 / (2 * 6_367_000)).Within(0.002), "the ellipsoid falls 7.9 cm below the tangent plane over 1 km");
        });
    }

    [Test]
    public void When_the_frequency_is_below_30_MHz_the_path_Should_be_the_ground_wave_and_from_30_MHz_line_of_sight()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Propagation.ModeFor(77_500), Is.EqualTo(PropagationMode.GroundWave));
            Assert.That(Propagation.ModeFor(29_999_999), Is.EqualTo(PropagationMode.GroundWave));
            Assert.That(Propagation.ModeFor(30_000_000), Is.EqualTo(PropagationMode.LineOfSight));
            Assert.That(Propagation.ModeFor(145e6), Is.EqualTo(PropagationMode.LineOfSight));
        });
    }

    [Test]
    public void When_the_path_is_a_ground_wave_Should_ignore_heights_and_when_line_of_sight_Should_include_them()
    {
        var a = new GeoPosition(50, 9, 0);
        var b = new Site(new GeoPosition(50.5, 9, 3000));
        var ground = new Propagation(PropagationMode.GroundWave).Distance(a, b);
        var straight = new Propagation(PropagationMode.LineOfSight).Distance(a, b);
        var geodesic = Geodesic.Inverse(a, b.Position).Metres;

        Assert.Multiple(() =>
        {
            Assert.That(ground, Is.EqualTo(geodesic));
            // 3000 m up at 55.6 km: h²/2s = 80.9 m, plus h·sin(θ/2) = 13.1 m because the far end's vertical leans away by
            // θ/2 (θ = s/R), less the chord's shortening s³/24R² = 0.2 m: 93.8 m.
            Assert.That(straight - geodesic, Is.EqualTo(93.8).Within(0.5));
        });
    }

    [TestCase(300_000, 5)]
    [TestCase(1_000_000, 12)]
    [TestCase(3_000_000, 40)]
    public void When_the_map_uses_the_Andoyer_Lambert_length_Should_be_within_metres_of_Vincentys(double metres, double tolerance)
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var from = new GeoPosition((random.NextDouble() * 140) - 70, (random.NextDouble() * 360) - 180);
            var to = Geodesic.Travel(from, random.NextDouble() * 2 * Math.PI, metres * (0.5 + (0.5 * random.NextDouble())));
            var exact = Geodesic.Inverse(from, to).Metres;
            var approximate = Geodesic.Approximate(from.Latitude * Wgs84.Radians, from.Longitude * Wgs84.Radians, to.Latitude * Wgs84.Radians, to.Longitude * Wgs84.Radians);
            Assert.That(approximate, Is.EqualTo(exact).Within(tolerance), $"{from} to {to}");
        }
    }
}
