namespace Heimdall.Contracts;

/// <summary>
/// Additive: the band the receiver's filter passed, in Hz relative to the tuned frequency (a KiwiSDR's IQ passband,
/// low_cut … high_cut, can be narrower than its sample rate). The metrics were measured inside it. Absent (null) from
/// producers older than the field: the whole band, −sampleRateHz/2 … sampleRateHz/2.
/// </summary>
public sealed record CapturePassband
{
    /// <summary>Lower edge, Hz from the tuned frequency (negative below it).</summary>
    public required double LowHz { get; init; }

    /// <summary>Upper edge, Hz from the tuned frequency.</summary>
    public required double HighHz { get; init; }
}
