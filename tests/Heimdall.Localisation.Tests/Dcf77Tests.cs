using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Solving;

namespace Heimdall.Localisation.Tests;

/// <summary>
/// The real three-station DCF77 set (2020-08-13, kiwirecorder --kiwi-wav files from the KiwiSDR TDoA project) that lives
/// beside the repository in ../shared/data/kiwi-tdoa-dcf77: never copied into it, so these tests are skipped, saying so,
/// where it is absent.
/// </summary>
public sealed class Dcf77Tests
{
    private static readonly Lazy<IReadOnlyList<StationCapture>> Captures = new(() => Dcf77Set.Captures(Folder()));

    private static string Folder()
    {
        var folder = Dcf77Set.Folder();
        if (folder is null)
        {
            Assert.Ignore(Dcf77Set.Missing);
        }

        return folder!;
    }

    [Test]
    public void When_the_three_stations_are_read_Should_fit_each_clock_from_its_stamps_and_leave_out_HB9ODPs_wild_stamp()
    {
        var captures = Captures.Value;

        Assert.Multiple(() =>
        {
            Assert.That(captures.Select(c => c.Name), Is.EqualTo(new[] { "HB9ODP", "JO51xl", "pa0rdt" }));
            Assert.That(captures.Select(c => c.Clock!.SampleRateHz), Is.EqualTo(new[] { 12_001.0843, 12_001.0256, 12_001.0861 }).Within(0.001));
            Assert.That(captures.Select(c => c.Clock!.ResidualRmsNs), Is.All.LessThan(80), "the stamps lie on a line to 60-74 ns rms");
            Assert.That(captures[0].Warnings, Has.Some.StartsWith("1 GNSS stamp(s) lay more than half a sample off the line"));
            Assert.That(captures.Select(c => c.CenterFrequencyHz), Is.All.EqualTo(77_500));
        });
    }

    [Test]
    public void When_the_set_is_located_Should_be_within_1_6_km_of_Mainflingen_with_an_ellipse_that_holds_it()
    {
        var estimate = Locator.Locate(Captures.Value);

        var error = Geodesic.Inverse(Dcf77Set.Truth, new GeoPosition(estimate.Latitude!.Value, estimate.Longitude!.Value)).Metres;
        var (e, n, _) = new LocalFrame(Dcf77Set.Truth).ToEnu(new GeoPosition(estimate.Latitude.Value, estimate.Longitude.Value));
        TestContext.Out.WriteLine($"error {error:0} m, ellipse {estimate.Ellipse95!.SemiMajorM:0} × {estimate.Ellipse95.SemiMinorM:0} m at {estimate.Ellipse95.OrientationDeg:0}°");
        Assert.Multiple(() =>
        {
            Assert.That(estimate.Status, Is.EqualTo(LocationStatus.Located));
            Assert.That(estimate.Propagation, Is.EqualTo("ground-wave"));
            Assert.That(estimate.Stations.Select(s => s.Used), Is.All.True);
            Assert.That(estimate.Pairs.Select(p => p.Used), Is.All.True);
            // Pinned: 1.59 km with the method as documented (README.md, "The DCF77 set"); the plain correlation gets 1.7 km.
            Assert.That(error, Is.LessThan(1_600));
            Assert.That(EllipseMath.Mahalanobis(estimate.Covariance!, e, n), Is.LessThan(EllipseMath.Chi2Two95), "the truth lies inside the 95 % ellipse");
            Assert.That(estimate.Pairs.Select(p => p.Quality.ClosureSeconds), Is.All.LessThan(1e-6), "the three delays close to well under a µs");
        });
    }
}
