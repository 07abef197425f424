namespace Heimdall.Signal;

/// <summary>How the Welch power spectral density is estimated, and which part of it is measured.</summary>
public sealed record SpectrumOptions
{
    /// <summary>The defaults: 1024-sample segments, no mean removal.</summary>
    public static readonly SpectrumOptions Default = new();

    /// <summary>Samples per Welch segment: a power of two from 16 to 1 048 576. Default 1024.</summary>
    public int SegmentLength { get; init; } = 1024;

    /// <summary>
    /// Subtract each segment's mean before windowing (scipy's <c>detrend='constant'</c>), which removes a receiver's DC offset
    /// and also a tone exactly at 0 Hz. Default false.
    /// </summary>
    public bool RemoveMean { get; init; }

    /// <summary>
    /// The band the receiver passed (Hz from the tuned frequency): the noise floor, the detection, the signal and the SNR
    /// are measured on the spectrum's bins inside it only, the SNR's noise over its width. Null (the default): the whole
    /// band, −fs/2 … fs/2. Edges beyond ±fs/2 are clipped to the band.
    /// </summary>
    public Passband? Passband { get; init; }
}
