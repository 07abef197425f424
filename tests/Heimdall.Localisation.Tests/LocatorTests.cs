using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Simulation;
using Heimdall.Localisation.Solving;

namespace Heimdall.Localisation.Tests;

public sealed class LocatorTests
{
    private static double Mahalanobis(LocationEstimate estimate, GeoPosition truth)
    {
        var (e, n, _) = new LocalFrame(truth).ToEnu(new GeoPosition(estimate.Latitude!.Value, estimate.Longitude!.Value, truth.AltitudeM));
        return EllipseMath.Mahalanobis(estimate.Covariance!, e, n);
    }

    [Test]
    public void When_four_receivers_hear_the_transmitter_Should_locate_it_with_an_ellipse_that_holds_it_and_a_GDOP()
    {
        var scenario = Scenarios.Square();

        var estimate = Locator.Locate(Scenarios.Captures(scenario), Scenarios.Options);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Status, Is.EqualTo(LocationStatus.Located));
            Assert.That(estimate.Propagation, Is.EqualTo("line-of-sight"));
            Assert.That(Mahalanobis(estimate, scenario.Transmitter), Is.LessThan(9.21), "inside the 99 % ellipse");
            Assert.That(estimate.Ellipse95!.SemiMajorM, Is.GreaterThan(estimate.Ellipse95.SemiMinorM).And.LessThan(2000));
            Assert.That(estimate.Gdop, Is.GreaterThan(1).And.LessThan(3));
            Assert.That(estimate.Pairs, Has.Count.EqualTo(6).And.All.Matches<PairMeasurement>(p => p.Used));
            Assert.That(estimate.Stations.Select(s => s.Used), Is.All.True);
            Assert.That(estimate.Stations[0].ArrivalSeconds, Is.EqualTo(0), "times are relative to the first receiver used");
            Assert.That(estimate.Warnings, Is.Empty);
        });
    }

    [Test]
    public void When_only_two_receivers_are_usable_Should_give_their_hyperbola_and_no_point()
    {
        var scenario = Scenarios.Square() with { Receivers = Scenarios.Square().Receivers.Take(2).ToList() };

        var estimate = Locator.Locate(Scenarios.Captures(scenario), Scenarios.Options);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Status, Is.EqualTo(LocationStatus.Hyperbola));
            Assert.That(estimate.Latitude, Is.Null);
            Assert.That(estimate.Ellipse95, Is.Null);
            Assert.That(estimate.Reason, Does.StartWith("two usable receivers: the transmitter lies on the hyperbola of their delay"));
            Assert.That(estimate.Hyperbolae, Has.Count.EqualTo(1));
            Assert.That(estimate.Hyperbolae[0].Lines.Sum(l => l.Count), Is.GreaterThan(50));
        });
    }

    [Test]
    public void When_the_hyperbola_is_traced_every_point_Should_have_the_measured_difference_of_paths()
    {
        var scenario = Scenarios.Square() with { Receivers = Scenarios.Square().Receivers.Take(2).ToList() };
        var estimate = Locator.Locate(Scenarios.Captures(scenario), Scenarios.Options);
        var pair = estimate.Pairs.Single();
        var a = new Site(scenario.Receivers[0].Position);
        var b = new Site(scenario.Receivers[1].Position);
        var altitude = scenario.Receivers.Average(r => r.Position.AltitudeM);

        foreach (var point in estimate.Hyperbolae[0].Lines.SelectMany(l => l))
        {
            var p = new GeoPosition(point[1], point[0], altitude);
            var difference = (Scenarios.LineOfSight.Distance(p, b) - Scenarios.LineOfSight.Distance(p, a)) / estimate.PropagationSpeedMps;
            Assert.That(difference, Is.EqualTo(pair.DelaySeconds!.Value).Within(0.01e-6), "within 1 % of a µs (3 m)");
        }
    }

    [Test]
    public void When_no_receiver_has_a_position_or_a_clock_Should_not_locate_and_say_why_for_each()
    {
        var captures = Scenarios.Captures(Scenarios.Square()).ToList();
        captures[0] = captures[0] with { Position = null };
        captures[1] = captures[1] with { Clock = null, ClockProblem = "no usable GNSS stamp: every block has last_gps_solution = 255 (the KiwiSDR has no GNSS clock)" };
        captures[2] = captures[2] with { Position = new GeoPosition(95, 0) };
        captures[3] = captures[3] with { Clock = null, ClockProblem = null };

        var estimate = Locator.Locate(captures, Scenarios.Options);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Status, Is.EqualTo(LocationStatus.NotLocated));
            Assert.That(estimate.Latitude, Is.Null);
            Assert.That(estimate.Reason, Is.EqualTo("no usable receiver: none has a position, a GNSS time base and a span in common with another"));
            Assert.That(estimate.Stations.Select(s => s.Reason), Is.EqualTo(new[]
            {
                "its position is unknown",
                "no usable GNSS stamp: every block has last_gps_solution = 255 (the KiwiSDR has no GNSS clock)",
                "its position is not a valid latitude and longitude",
                "it has no GNSS time base",
            }));
        });
    }

    [Test]
    public void When_one_receiver_has_no_GNSS_the_others_Should_locate_and_it_Should_be_reported_unused_with_the_reason()
    {
        var scenario = Scenarios.Square();
        var captures = Scenarios.Captures(scenario).ToList();
        captures[2] = captures[2] with { Clock = null, ClockProblem = "no usable GNSS stamp: every block's GNSS solution is older than 30 s" };

        var estimate = Locator.Locate(captures, Scenarios.Options);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Status, Is.EqualTo(LocationStatus.Located));
            Assert.That(estimate.Stations[2].Used, Is.False);
            Assert.That(estimate.Stations[2].Reason, Is.EqualTo("no usable GNSS stamp: every block's GNSS solution is older than 30 s"));
            Assert.That(estimate.Pairs, Has.Count.EqualTo(3), "only the three clocked receivers are correlated");
            Assert.That(Mahalanobis(estimate, scenario.Transmitter), Is.LessThan(9.21));
        });
    }

    [Test]
    public void When_a_receiver_has_a_known_fixed_delay_Should_correct_it_and_without_it_Should_be_pulled_off()
    {
        var scenario = Scenarios.Square(fixedDelay: 20e-6);
        var captures = Scenarios.Captures(scenario);

        var corrected = Locator.Locate(captures, Scenarios.Options);
        var uncorrected = Locator.Locate(captures.Select(c => c with { FixedDelaySeconds = 0 }).ToList(), Scenarios.Options);

        var frame = new LocalFrame(scenario.Transmitter);
        var (e, n, _) = frame.ToEnu(new GeoPosition(uncorrected.Latitude!.Value, uncorrected.Longitude!.Value));
        Assert.Multiple(() =>
        {
            Assert.That(captures[1].FixedDelaySeconds, Is.EqualTo(20e-6));
            Assert.That(Mahalanobis(corrected, scenario.Transmitter), Is.LessThan(9.21));
            Assert.That(corrected.Stations[1].FixedDelaySeconds, Is.EqualTo(20e-6));
            Assert.That(corrected.Fit!.CovarianceScale, Is.EqualTo(1));
            // 20 µs is 6 km of path: the fit lands kilometres off, and its χ² (one degree of freedom with four receivers)
            // says so: the ellipse is widened and the warning given, rather than a small ellipse around a wrong point.
            Assert.That(Math.Sqrt((e * e) + (n * n)), Is.GreaterThan(1000));
            Assert.That(uncorrected.Fit!.CovarianceScale, Is.GreaterThan(10));
            Assert.That(uncorrected.Warnings, Has.Some.StartsWith("the arrival times disagree with the model"));
        });
    }

    [Test]
    public void When_one_receivers_clock_is_5_ms_off_its_pairs_Should_be_rejected_beyond_the_baseline_and_the_rest_locate()
    {
        var scenario = Scenarios.Square();
        var captures = Scenarios.Captures(scenario).ToList();
        captures[3] = captures[3] with { Clock = captures[3].Clock! with { StartGpsNanoseconds = captures[3].Clock!.StartGpsNanoseconds + 5_000_000 } };

        var estimate = Locator.Locate(captures, Scenarios.Options);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Pairs.Where(p => p.ReceiverB == "D").Select(p => p.Used), Is.All.False);
            Assert.That(estimate.Pairs.Where(p => p.ReceiverB == "D").Select(p => p.Reason),
                Is.All.Matches<string>(r => r.Contains("lies at the edge of the delays the baseline allows", StringComparison.Ordinal) || r.Contains("beyond what the baseline allows", StringComparison.Ordinal)));
            Assert.That(estimate.Stations[3].Used, Is.False);
            Assert.That(estimate.Stations[3].Reason, Is.EqualTo("no usable pair with the receivers that were used (see its pairs)"));
            Assert.That(estimate.Status, Is.EqualTo(LocationStatus.Located));
            Assert.That(Mahalanobis(estimate, scenario.Transmitter), Is.LessThan(9.21));
        });
    }

    [Test]
    public void When_the_frequency_is_long_wave_Should_use_the_ground_wave_unless_told_otherwise()
    {
        var scenario = Scenarios.Square() with { CenterFrequencyHz = 77_500 };
        var captures = TdoaSimulator.Generate(scenario, new Propagation(PropagationMode.GroundWave), 1).Captures;

        var byFrequency = Locator.Locate(captures, Scenarios.Options with { PropagationSigmaSeconds = 0 });
        var overridden = Locator.Locate(captures, Scenarios.Options with { Propagation = PropagationMode.LineOfSight });

        Assert.Multiple(() =>
        {
            Assert.That(byFrequency.Propagation, Is.EqualTo("ground-wave"));
            Assert.That(overridden.Propagation, Is.EqualTo("line-of-sight"));
            Assert.That(Mahalanobis(byFrequency, scenario.Transmitter), Is.LessThan(9.21));
            Assert.That(byFrequency.Stations.Select(s => s.TimingSigmaSeconds), Is.All.EqualTo(0.05e-6).Within(0.01e-6), "the simulated GNSS floor only");
            Assert.That(Locator.Locate(captures, Scenarios.Options).Stations.Select(s => s.TimingSigmaSeconds), Is.All.EqualTo(5e-6).Within(0.001e-6),
                "the ground-wave path's 5 µs by default");
        });
    }

    [Test]
    public void When_the_receivers_are_nearly_collinear_or_the_transmitter_far_outside_Should_say_so()
    {
        var line = new TdoaScenario
        {
            Transmitter = Scenarios.Frame.FromEnu(5_000, 12_000, 0),
            Receivers = [Scenarios.Receiver("A", -30, 0.1), Scenarios.Receiver("B", -10, -0.2), Scenarios.Receiver("C", 10, 0.3), Scenarios.Receiver("D", 30, 0)],
        };
        var outside = Scenarios.Square(eastKm: 150, northKm: 60);

        var collinear = Locator.Locate(Scenarios.Captures(line), Scenarios.Options);
        var far = Locator.Locate(Scenarios.Captures(outside), Scenarios.Options);

        Assert.Multiple(() =>
        {
            Assert.That(collinear.Warnings, Has.Some.StartsWith("the receivers are nearly collinear"));
            Assert.That(far.Warnings, Has.Some.StartsWith("the estimate is outside the network"));
            Assert.That(Mahalanobis(far, outside.Transmitter), Is.LessThan(9.21));
        });
    }

    [Test]
    public void When_two_captures_share_a_name_Should_refuse()
    {
        var captures = Scenarios.Captures(Scenarios.Square()).ToList();
        captures[1] = captures[1] with { Name = "A" };

        Assert.That(() => Locator.Locate(captures), Throws.ArgumentException.With.Message.Contains("two captures are named 'A'"));
    }

    [Test]
    public void When_an_option_cannot_be_used_Should_refuse_naming_it()
    {
        var captures = Scenarios.Captures(Scenarios.Square());

        Assert.Multiple(() =>
        {
            Assert.That(() => Locator.Locate(captures, Scenarios.Options with { AltitudeSigmaM = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("AltitudeSigmaM"));
            Assert.That(() => Locator.Locate(captures, Scenarios.Options with { PropagationSigmaSeconds = -1e-6 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("PropagationSigmaSeconds"));
            Assert.That(() => Locator.Locate(captures, Scenarios.Options with { Seeds = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Seeds"));
        });
    }
}
