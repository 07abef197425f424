using Heimdall.Domain.Receivers;

namespace Heimdall.Domain.Acquisitions;

/// <summary>A valid request resolved against the receivers table: who captures what, and when.</summary>
public sealed record AcquisitionPlan(
    Guid AcquisitionId,
    double FrequencyHz,
    double DurationSeconds,
    double? RequestedSampleRateHz,
    DateTimeOffset StartAtUtc,
    IReadOnlyList<Receiver> Receivers,
    string? RequestedBy)
{
    public double SampleRateFor(Receiver receiver) => RequestedSampleRateHz ?? receiver.SampleRateHz;

    public long SampleCountFor(Receiver receiver) => (long)Math.Round(SampleRateFor(receiver) * DurationSeconds);

    /// <summary>
    /// When every receiver has had all its chances, so its outcome is published by then: the start, then for the slowest
    /// receiver how long after the start its capture may still wait for a channel of it (<paramref name="channelWait"/>:
    /// the start tolerance for a receiver whose channels are counted, else zero), each attempt's timeout and capture, and
    /// the backoffs between them (at most 0.5, 1, 2, … s, jittered). Published in <c>AcquisitionStarted.OutcomesDueAtUtc</c>;
    /// the acquisition's owner adds its grace to it.
    /// </summary>
    public DateTimeOffset OutcomesDueAt(Func<Receiver, TimeSpan> channelWait) =>
        StartAtUtc + (Receivers.Count == 0 ? TimeSpan.Zero : Receivers.Max(r => channelWait(r) + TimeSpan.FromSeconds(
            ((r.RetryCount + 1) * (r.TimeoutSeconds + DurationSeconds)) + Enumerable.Range(0, r.RetryCount).Sum(i => 0.5 * Math.Pow(2, i) * 1.5))));

    /// <summary>The same plan without the receivers whose outcome is already published (a resumed capture).</summary>
    public AcquisitionPlan Without(IReadOnlyCollection<int> reportedReceiverIds) =>
        this with { Receivers = [.. Receivers.Where(r => !reportedReceiverIds.Contains(r.ReceiverId))] };
}
