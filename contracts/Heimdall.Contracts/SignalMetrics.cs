namespace Heimdall.Contracts;

/// <summary>
/// Measurements of one capture. Powers are relative to full scale (dBFS; a full-scale complex sinusoid is 0 dBFS)
/// unless the receiver is calibrated, in which case <see cref="PowerDbm"/> is also set.
/// </summary>
/// <remarks>
/// A capture that holds only noise has <see cref="SignalDetected"/> false, and then <see cref="SnrDb"/>,
/// <see cref="FrequencyOffsetHz"/> and <see cref="OccupiedBandwidthHz"/> are null: null exactly when no signal was
/// detected, a number exactly when one was. The power, noise-floor, peak and clipping figures describe the capture
/// either way and are always present.
/// </remarks>
public sealed record SignalMetrics
{
    /// <summary>
    /// True if the capture holds a signal above the noise. Additive field: C# publishers must set it, and JSON without it
    /// (from a producer older than the field, which measured every capture as a signal) reads as true.
    /// </summary>
    public required bool SignalDetected { get; init; } = true;

    /// <summary>
    /// Signal power over noise power in the band the receiver passed (the capture's passband; the whole captured band when
    /// it has none), dB; null exactly when <see cref="SignalDetected"/> is false.
    /// </summary>
    public required double? SnrDb { get; init; }

    /// <summary>Spectral peak relative to the tuned centre frequency, Hz; null exactly when <see cref="SignalDetected"/> is false.</summary>
    public required double? FrequencyOffsetHz { get; init; }

    /// <summary>Mean power of the capture, dBFS.</summary>
    public required double PowerDbfs { get; init; }

    /// <summary>Mean power at the antenna port, dBm; null unless the receiver has a calibration.</summary>
    public double? PowerDbm { get; init; }

    /// <summary>Noise power spectral density measured away from the signal, inside the passband, dBFS/Hz.</summary>
    public required double NoiseFloorDbfsPerHz { get; init; }

    /// <summary>Highest power spectral density, dBFS/Hz.</summary>
    public required double PeakPsdDbfsPerHz { get; init; }

    /// <summary>Bandwidth holding 99 % of the signal power above the noise, Hz; null exactly when <see cref="SignalDetected"/> is false.</summary>
    public required double? OccupiedBandwidthHz { get; init; }

    /// <summary>Fraction of samples with a component at full scale, 0..1.</summary>
    public required double ClippingFraction { get; init; }

    /// <summary>
    /// Additive: what the metrics were made from (<see cref="MeasurementBases"/>): <c>iq</c>, <c>audio</c> or
    /// <c>spectrum</c>. Null from producers older than the field, which measured IQ.
    /// </summary>
    public string? Basis { get; init; }

    /// <summary>Additive: the metrics' standard uncertainties; null from producers older than the field.</summary>
    public MeasurementUncertainty? Uncertainty { get; init; }
}
