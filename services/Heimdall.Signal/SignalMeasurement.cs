namespace Heimdall.Signal;

/// <summary>Metrics of one I/Q capture. 0 dBFS is a full-scale complex sinusoid (|x| = 1); see README.md for definitions.</summary>
/// <param name="SnrDb">Signal-to-noise ratio over the whole captured band, in dB: 10·log10((P_total − N) / N) with N = noise density × sample rate.</param>
/// <param name="FrequencyOffsetHz">Frequency of the spectral peak relative to the tuned (centre) frequency, in Hz, interpolated between bins.</param>
/// <param name="PowerDbfs">Mean power of the samples, 10·log10(mean |x|²), in dBFS.</param>
/// <param name="NoiseFloorDbfsPerHz">Mean power spectral density outside the signal region, in dBFS/Hz.</param>
/// <param name="PeakPsdDbfsPerHz">Highest power spectral density bin, in dBFS/Hz.</param>
/// <param name="OccupiedBandwidthHz">Width of the band holding 99 % of the power above the noise, in Hz (at least one bin).</param>
/// <param name="ClippingFraction">Fraction (0…1) of complex samples with I or Q at full scale.</param>
public sealed record SignalMeasurement(
    double SnrDb,
    double FrequencyOffsetHz,
    double PowerDbfs,
    double NoiseFloorDbfsPerHz,
    double PeakPsdDbfsPerHz,
    double OccupiedBandwidthHz,
    double ClippingFraction);
