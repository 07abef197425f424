namespace Heimdall.Contracts;

/// <summary>
/// Additive: the standard uncertainties (one sigma) of a capture's <see cref="SignalMetrics"/>, from the statistics of the
/// data and what its <see cref="SignalMetrics.Basis"/> cannot resolve. Each is null where there is no such figure (no
/// signal detected: no SNR or offset uncertainty).
/// </summary>
public sealed record MeasurementUncertainty
{
    /// <summary>Of <see cref="SignalMetrics.SnrDb"/>, dB.</summary>
    public double? SnrDb { get; init; }

    /// <summary>Of <see cref="SignalMetrics.FrequencyOffsetHz"/>, Hz.</summary>
    public double? FrequencyOffsetHz { get; init; }

    /// <summary>Of <see cref="SignalMetrics.PowerDbfs"/> (and of <see cref="SignalMetrics.PowerDbm"/> beyond the calibration's own), dB.</summary>
    public double? PowerDb { get; init; }
}

/// <summary>Values of <see cref="SignalMetrics.Basis"/> (and of <c>measurements.basis</c>).</summary>
public static class MeasurementBases
{
    /// <summary>Complex samples of the band (every kind that streams IQ).</summary>
    public const string Iq = "iq";

    /// <summary>A server's demodulated single-sideband audio, its level through the server's AGC, scaled by its S-meter (OpenWebRX).</summary>
    public const string Audio = "audio";

    /// <summary>A server's FFT lines (OpenWebRX with uncompressed FFT).</summary>
    public const string Spectrum = "spectrum";
}
