using Heimdall.Data.Receivers;

namespace Heimdall.Data.Acquisitions;

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

    /// <summary>The plan as the acquisitions table records it (every receiver of the request, also on a resume).</summary>
    public AcquisitionClaim ToClaim(IReadOnlyList<int> receiverIds, TimeSpan grace) =>
        new(AcquisitionId, FrequencyHz, RequestedSampleRateHz, DurationSeconds, StartAtUtc, receiverIds, RequestedBy, Deadline(grace));

    /// <summary>
    /// When every receiver has had all its chances: the start, then for the slowest receiver each attempt's timeout and
    /// capture, and the backoffs between them (at most 0.5, 1, 2, … s, jittered), plus <paramref name="grace"/>.
    /// </summary>
    public DateTimeOffset Deadline(TimeSpan grace) =>
        StartAtUtc + grace + TimeSpan.FromSeconds(Receivers.Count == 0 ? 0 : Receivers.Max(r =>
            ((r.RetryCount + 1) * (r.TimeoutSeconds + DurationSeconds)) + Enumerable.Range(0, r.RetryCount).Sum(i => 0.5 * Math.Pow(2, i) * 1.5)));

    /// <summary>The same plan without the receivers whose outcome is already published (a resumed capture).</summary>
    public AcquisitionPlan Without(IReadOnlyCollection<int> reportedReceiverIds) =>
        this with { Receivers = [.. Receivers.Where(r => !reportedReceiverIds.Contains(r.ReceiverId))] };
}
