namespace Heimdall.Contracts;

/// <summary>A capture is stored as a SigMF recording.</summary>
public sealed record IqArchived
{
    public required Guid AcquisitionId { get; init; }
    public required int ReceiverId { get; init; }
    public required DateTimeOffset CaptureStartUtc { get; init; }
    public required double FrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public required long SampleCount { get; init; }
    public required SignalMetrics Metrics { get; init; }

    /// <summary><c>s3://bucket/key</c> of the .sigmf-data object.</summary>
    public required string IqUri { get; init; }

    /// <summary><c>s3://bucket/key</c> of the .sigmf-meta object.</summary>
    public required string MetaUri { get; init; }

    /// <summary>Size of the .sigmf-data object.</summary>
    public required long Bytes { get; init; }

    public required string IqSha512 { get; init; }

    /// <summary>
    /// Additive: the receiver as it was when it captured (name, kind, position), so that a consumer of this event (a
    /// TDoA solver, a dashboard) needs no lookup. Null from producers older than the field.
    /// </summary>
    public ReceiverSnapshot? Receiver { get; init; }

    /// <summary>
    /// Additive: <see cref="CaptureTiming.Source"/> of the capture (gnss, host-clock, recorded); the full timing with its
    /// stamps is in the recording's <c>.sigmf-meta</c>. Null from producers older than the field.
    /// </summary>
    public string? TimingSource { get; init; }

    /// <summary>
    /// Additive: <c>s3://bucket/key</c> of the spectrum stored beside the recording (<c>{receiverId}.spectrum.sigmf-meta</c>;
    /// its data beside it), when the receiver sent one; null otherwise and from producers older than the field.
    /// </summary>
    public string? SpectrumUri { get; init; }

    /// <summary>
    /// Additive: the band the receiver passed, inside which <see cref="Metrics"/> were measured (also in the recording's
    /// <c>heimdall:passband</c>); null from producers older than the field, read as the whole band.
    /// </summary>
    public CapturePassband? Passband { get; init; }

    /// <summary>
    /// Additive: every warning the capture earned (<see cref="CaptureTiming.Warnings"/>, also in the recording's
    /// <c>heimdall:timing.warnings</c>: a late or retried start and each failed attempt's reason, a wait for a receiver
    /// channel, stale or absent GNSS, sequence gaps, …), one sentence each; empty when it earned none. Null from producers
    /// older than the field (the MetricsWriter stores an empty list).
    /// </summary>
    public string[]? Warnings { get; init; }

    /// <summary>
    /// Additive: how many attempts the receiver took to deliver the capture (<see cref="CaptureTiming.Attempts"/>, 1 when
    /// the first succeeded); null when unknown and from producers older than the field.
    /// </summary>
    public int? Attempts { get; init; }
}
