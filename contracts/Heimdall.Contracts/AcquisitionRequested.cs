namespace Heimdall.Contracts;

/// <summary>
/// Command from an upstream system: capture <see cref="FrequencyHz"/> on a set of receivers at the same instant.
/// Exchange <c>Heimdall.Contracts:AcquisitionRequested</c>; accepted as a MassTransit envelope or as raw JSON.
/// </summary>
public sealed record AcquisitionRequested
{
    /// <summary>Idempotency key: the same id twice is one acquisition.</summary>
    public required Guid AcquisitionId { get; init; }

    /// <summary>Centre frequency, Hz; &gt; 0 and inside the coverage of every receiver used.</summary>
    public required double FrequencyHz { get; init; }

    /// <summary>Capture length, seconds; &gt; 0 and at most the configured maximum (default 300).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Requested sample rate, Hz; absent: each receiver's native rate.</summary>
    public double? SampleRateHz { get; init; }

    /// <summary>Absent: capture on receipt. In the future (within the maximum lead): every receiver starts then.</summary>
    public DateTimeOffset? StartAtUtc { get; init; }

    /// <summary>Absent or empty: every enabled receiver that covers the frequency.</summary>
    public int[]? ReceiverIds { get; init; }

    /// <summary>Audit: who asked (at most 200 characters).</summary>
    public string? RequestedBy { get; init; }

    /// <summary>
    /// Additive: re-analyse an archived acquisition. Its stored recordings are replayed as the receivers of this new
    /// acquisition (each at its recording's rate); <see cref="FrequencyHz"/> and <see cref="DurationSeconds"/> may be 0
    /// (absent in JSON) and are then the original's, <see cref="SampleRateHz"/> must be absent, and
    /// <see cref="ReceiverIds"/> chooses among the original's stored receivers. Absent (older producers): a capture.
    /// </summary>
    public Guid? ReplayOfAcquisitionId { get; init; }
}
