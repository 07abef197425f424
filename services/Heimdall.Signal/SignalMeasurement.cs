namespace Heimdall.Signal;

/// <summary>
/// Metrics of one I/Q capture. 0 dBFS is a full-scale complex sinusoid (|x| = 1); see README.md for the exact definitions.
/// When <see cref="SignalDetected"/> is false the capture holds only noise, and the metrics that describe a signal
/// (<see cref="SnrDb"/>, <see cref="FrequencyOffsetHz"/>, <see cref="OccupiedBandwidthHz"/>) are null rather than numbers
/// measured on noise.
/// </summary>
/// <param name="SignalDetected">True if at least one spectral bin rises above the noise detection threshold.</param>
/// <param name="SnrDb">SNR in dB in the band the receiver passed (<see cref="SpectrumOptions.Passband"/>; the whole band without one): power above the noise floor summed over the signal bins, over noise density × the passband's width.</param>
/// <param name="FrequencyOffsetHz">Frequency of the strongest component relative to the tuned (centre) frequency, in Hz, refined below one bin.</param>
/// <param name="PowerDbfs">Mean power of all samples, 10·log10(mean |x|²), in dBFS.</param>
/// <param name="NoiseFloorDbfsPerHz">Mean power spectral density of the passband's bins outside the signal, in dBFS/Hz.</param>
/// <param name="PeakPsdDbfsPerHz">Highest power spectral density bin of the passband, in dBFS/Hz.</param>
/// <param name="OccupiedBandwidthHz">Width of the band holding 99 % of the signal power above the noise floor, in Hz.</param>
/// <param name="ClippingFraction">Fraction (0…1) of complex samples with I or Q at the integer format's full scale (always 0 for cf32_le).</param>
/// <param name="SampleCount">Complex samples measured.</param>
/// <param name="SegmentLength">Welch segment length used, in samples (the bin count of the spectrum).</param>
/// <param name="SegmentCount">Welch segments averaged.</param>
public sealed record SignalMeasurement(
    bool SignalDetected,
    double? SnrDb,
    double? FrequencyOffsetHz,
    double PowerDbfs,
    double NoiseFloorDbfsPerHz,
    double PeakPsdDbfsPerHz,
    double? OccupiedBandwidthHz,
    double ClippingFraction,
    long SampleCount,
    int SegmentLength,
    int SegmentCount)
{
    /// <summary>What the measurement was made from (<see cref="MeasurementBasis"/>): <c>iq</c> unless a receiver without IQ measured it otherwise.</summary>
    public string Basis { get; init; } = MeasurementBasis.Iq;

    /// <summary>Standard uncertainties of the SNR, offset and power; null when not estimated.</summary>
    public SignalUncertainty? Uncertainty { get; init; }
}
