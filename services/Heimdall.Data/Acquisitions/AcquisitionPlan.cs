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

    /// <summary>The plan as the acquisitions table records it.</summary>
    public AcquisitionClaim ToClaim() => new(AcquisitionId, FrequencyHz, RequestedSampleRateHz, DurationSeconds, StartAtUtc,
        [.. Receivers.Select(r => r.ReceiverId)], RequestedBy);
}
