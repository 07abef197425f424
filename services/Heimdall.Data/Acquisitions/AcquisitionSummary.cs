using Heimdall.Data.Measurements;
using Heimdall.Domain.Acquisitions;

namespace Heimdall.Data.Acquisitions;

/// <summary>A row of <c>acquisitions</c>: what was asked, its status and timings.</summary>
public sealed record AcquisitionSummary
{
    public required Guid AcquisitionId { get; init; }

    /// <summary>One of <see cref="AcquisitionStates"/>.</summary>
    public required string Status { get; init; }

    public required DateTime RequestedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CapturedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public double? FrequencyHz { get; init; }
    public double? SampleRateHz { get; init; }
    public double? DurationSeconds { get; init; }
    public DateTime? StartAt { get; init; }
    public int? ReceiversExpected { get; init; }
    public required int ReceiversStored { get; init; }
    public required int ReceiversFailed { get; init; }
    public required int[] ReceiverIds { get; init; }

    /// <summary>Why it was rejected (empty otherwise).</summary>
    public required string[] Reasons { get; init; }

    public string? RequestedBy { get; init; }

    internal const string Columns = """
        acquisition_id as AcquisitionId, status as Status, requested_at as RequestedAt, started_at as StartedAt,
        captured_at as CapturedAt, completed_at as CompletedAt, frequency_hz as FrequencyHz, sample_rate_hz as SampleRateHz,
        duration_seconds as DurationSeconds, start_at as StartAt, receivers_expected as ReceiversExpected,
        receivers_stored as ReceiversStored, receivers_failed as ReceiversFailed, receiver_ids as ReceiverIds,
        reasons as Reasons, requested_by as RequestedBy
        """;
}

/// <summary>A receiver's recorded outcome: <see cref="ReceiverOutcomes"/>, with the object URI or the failure reason.</summary>
public sealed record ReceiverOutcome(int ReceiverId, string Outcome, string? Detail, DateTime RecordedAt);

/// <summary>One acquisition with every receiver's outcome and the stored measurements.</summary>
public sealed record AcquisitionDetail(
    AcquisitionSummary Acquisition, IReadOnlyList<ReceiverOutcome> Receivers, IReadOnlyList<Measurement> Measurements);
