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

    /// <summary>
    /// The same columns for a row of <c>acquisition_requests</c> (alias <c>r</c>) not yet claimed by the Acquirer: status
    /// <see cref="AcquisitionStates.Requested"/>, its planned receivers expected, nothing stored or failed.
    /// </summary>
    internal const string RequestedColumns = $"""
        r.acquisition_id as AcquisitionId, '{AcquisitionStates.Requested}' as Status, r.requested_at as RequestedAt,
        null::timestamptz as StartedAt, null::timestamptz as CapturedAt, null::timestamptz as CompletedAt,
        r.frequency_hz as FrequencyHz, r.sample_rate_hz as SampleRateHz, r.duration_seconds as DurationSeconds,
        r.start_at as StartAt, cardinality(r.receiver_ids) as ReceiversExpected, 0 as ReceiversStored, 0 as ReceiversFailed,
        r.receiver_ids as ReceiverIds, array[]::text[] as Reasons, r.requested_by as RequestedBy
        """;

    /// <summary>The requests of <c>acquisition_requests</c> (alias <c>r</c>) that <c>acquisitions</c> does not hold yet.</summary>
    internal const string Unclaimed = "not exists (select 1 from acquisitions a where a.acquisition_id = r.acquisition_id)";
}

/// <summary>A receiver's recorded outcome: <see cref="ReceiverOutcomes"/>, with the object URI or the failure reason.</summary>
public sealed record ReceiverOutcome(int ReceiverId, string Outcome, string? Detail, DateTime RecordedAt);

/// <summary>One acquisition with every receiver's outcome and the stored measurements.</summary>
public sealed record AcquisitionDetail(
    AcquisitionSummary Acquisition, IReadOnlyList<ReceiverOutcome> Receivers, IReadOnlyList<Measurement> Measurements);
