using Heimdall.Contracts;
using Heimdall.MetricsWriter.Consumers;
using Heimdall.Testing;

namespace Heimdall.MetricsWriter.Tests;

/// <summary>The storability rules of IqArchived, the detection null rule among them.</summary>
[TestFixture]
public sealed class IqArchivedValidationTests
{
    private static readonly Guid Id = Guid.Parse("3f2c6f5e-8d0b-4a8e-9a51-0f0c1d2e3a4b");

    private static string? Problem(SignalMetrics? metrics) => IqArchivedValidation.Problem(Captures.IqArchived(Id, 4) with { Metrics = metrics! });

    [Test]
    public void A_detected_signal_with_every_metric_Should_be_storable() =>
        Assert.That(Problem(Captures.Metrics(4)), Is.Null);

    [Test]
    public void A_capture_without_a_signal_and_null_signal_metrics_Should_be_storable() =>
        Assert.That(Problem(Captures.NoSignalMetrics(4)), Is.Null);

    [Test]
    public void A_detected_signal_with_a_null_SNR_Should_be_refused_naming_the_field() =>
        Assert.That(Problem(Captures.Metrics(4) with { SnrDb = null }),
            Is.EqualTo($"IqArchived {Id}/4: metrics.signalDetected is true but metrics.snrDb is null"));

    [Test]
    public void A_detected_signal_without_any_signal_metric_Should_be_refused_naming_all_three() =>
        Assert.That(Problem(Captures.Metrics(4) with { SnrDb = null, FrequencyOffsetHz = null, OccupiedBandwidthHz = null }),
            Is.EqualTo($"IqArchived {Id}/4: metrics.signalDetected is true but metrics.snrDb, metrics.frequencyOffsetHz, metrics.occupiedBandwidthHz are null"));

    [Test]
    public void A_capture_without_a_signal_that_still_carries_numbers_Should_be_refused_naming_them() =>
        Assert.That(Problem(Captures.NoSignalMetrics(4) with { SnrDb = 3, OccupiedBandwidthHz = 10 }),
            Is.EqualTo($"IqArchived {Id}/4: metrics.signalDetected is false but metrics.snrDb, metrics.occupiedBandwidthHz are set (must be null when no signal is detected)"));

    [Test]
    public void A_message_from_a_producer_older_than_warnings_and_attempts_Should_be_storable() =>
        Assert.That(IqArchivedValidation.Problem(Captures.IqArchived(Id, 4) with { Warnings = null, Attempts = null }), Is.Null);

    [Test]
    public void A_capture_with_its_warnings_and_a_second_attempt_Should_be_storable() =>
        Assert.That(IqArchivedValidation.Problem(Captures.IqArchived(Id, 4) with { Warnings = ["late", "gaps"], Attempts = 2 }), Is.Null);

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(32_768)]
    public void A_capture_with_attempts_no_capture_can_have_Should_be_refused_naming_them(int attempts) =>
        Assert.That(IqArchivedValidation.Problem(Captures.IqArchived(Id, 4) with { Attempts = attempts }),
            Is.EqualTo($"IqArchived {Id}/4: attempts must be between 1 and 32767 (got {attempts})"));

    [Test]
    public void A_null_warning_Should_be_refused_naming_its_index() =>
        Assert.That(IqArchivedValidation.Problem(Captures.IqArchived(Id, 4) with { Warnings = ["late", null!], Attempts = 2 }),
            Is.EqualTo($"IqArchived {Id}/4: warnings[1] is null (a warning is a sentence)"));

    [Test]
    public void A_message_without_metrics_Should_still_be_refused_as_lacking_them() =>
        Assert.That(Problem(null), Is.EqualTo($"IqArchived {Id}/4 lacks metrics"));
}
