using MassTransit;

namespace Heimdall.Contracts;

/// <summary>One receiver's capture, with its metrics. IQ above the claim-check threshold travels by reference.</summary>
public sealed record IqCaptured
{
    public required Guid AcquisitionId { get; init; }
    public required int ReceiverId { get; init; }
    public required ReceiverSnapshot Receiver { get; init; }
    public required double FrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public required long SampleCount { get; init; }

    /// <summary>SigMF datatype of <see cref="Iq"/>: ci16_le, cu8 or cf32_le; additively ri16_le, real audio described by <see cref="Audio"/>.</summary>
    public required string SampleFormat { get; init; }

    public required DateTimeOffset CaptureStartUtc { get; init; }
    public required SignalMetrics Metrics { get; init; }

    /// <summary>The samples exactly as captured; inline below the threshold, a claim check above it.</summary>
    public required MessageData<byte[]> Iq { get; init; }

    /// <summary>SHA-512 of the sample bytes, lower-case hex.</summary>
    public required string IqSha512 { get; init; }

    /// <summary>Additive: how <see cref="CaptureStartUtc"/> was obtained; null from producers older than the field.</summary>
    public CaptureTiming? Timing { get; init; }

    /// <summary>Additive: what the samples are when they are not IQ (<c>ri16_le</c> audio); null for IQ.</summary>
    public CapturedAudio? Audio { get; init; }

    /// <summary>Additive: the server's spectrum beside the samples; null for receivers that send none.</summary>
    public CapturedSpectrum? Spectrum { get; init; }
    /// <summary>
    /// Additive: the band the receiver passed, inside which <see cref="Metrics"/> were measured; null from producers older
    /// than the field, read as the whole band.
    /// </summary>
    public CapturePassband? Passband { get; init; }
}
