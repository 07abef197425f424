namespace Heimdall.Signal;

/// <summary>
/// What a measurement was made from: <see cref="Iq"/> (complex samples of the band), <see cref="Audio"/> (demodulated
/// real audio of one sideband, levels through the server's AGC), or <see cref="Spectrum"/> (a server's FFT lines).
/// </summary>
public static class MeasurementBasis
{
    public const string Iq = "iq";
    public const string Audio = "audio";
    public const string Spectrum = "spectrum";

    public static IReadOnlyList<string> All { get; } = [Iq, Audio, Spectrum];
}

/// <summary>
/// Standard uncertainties (one sigma) of a measurement's SNR, frequency offset and power, from the statistics of the data
/// and what the basis cannot resolve; null where the measurement has no such figure (no signal detected: no SNR or offset).
/// </summary>
/// <param name="SnrDb">Of the SNR, dB.</param>
/// <param name="FrequencyOffsetHz">Of the frequency offset, Hz.</param>
/// <param name="PowerDb">Of the power, dB (of dBFS, and of dBm beyond the calibration's own uncertainty).</param>
public sealed record SignalUncertainty(double? SnrDb, double? FrequencyOffsetHz, double? PowerDb);
