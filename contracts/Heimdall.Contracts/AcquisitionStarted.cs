namespace Heimdall.Contracts;

/// <summary>
/// The request was accepted and the receivers were asked to capture. Published again, with the same receivers, when a
/// capture is resumed (after a crash or an outage): <see cref="StartAtUtc"/> and <see cref="OutcomesDueAtUtc"/> are then
/// those of the resumed capture.
/// </summary>
public sealed record AcquisitionStarted
{
    public required Guid AcquisitionId { get; init; }
    public required int[] ReceiverIds { get; init; }
    public required double FrequencyHz { get; init; }

    /// <summary>The requested rate; null when each receiver captures at its native rate.</summary>
    public double? SampleRateHz { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>The instant every receiver starts capturing (UTC).</summary>
    public required DateTimeOffset StartAtUtc { get; init; }

    /// <summary>Additive: when the Acquirer received the request (the start of <c>AcquisitionCompleted.elapsedMs</c>). Null from older producers.</summary>
    public DateTimeOffset? RequestedAtUtc { get; init; }

    /// <summary>Additive: the request's <c>requestedBy</c>. Null when the request had none, or from older producers.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>
    /// Additive: by when every receiver will have had all its chances (the start, then for the slowest receiver each
    /// attempt's timeout and capture and the backoffs between them), so its outcome is published by then. The
    /// acquisition's owner sets its deadline from it. Null from older producers.
    /// </summary>
    public DateTimeOffset? OutcomesDueAtUtc { get; init; }
}
