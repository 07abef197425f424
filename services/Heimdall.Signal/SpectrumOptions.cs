namespace Heimdall.Signal;

/// <summary>How the Welch power spectral density is estimated.</summary>
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
}
