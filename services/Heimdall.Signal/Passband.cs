namespace Heimdall.Signal;

/// <summary>
/// The band a receiver actually passes, in Hz relative to the tuned (centre) frequency: a KiwiSDR's IQ filter
/// (low_cut … high_cut) can be narrower than its sample rate and leave the rest of the band empty. Noise and signal are
/// measured only inside it (<see cref="SpectrumOptions.Passband"/>).
/// </summary>
/// <param name="LowHz">Lower edge, Hz from the tuned frequency (negative below it).</param>
/// <param name="HighHz">Upper edge, Hz from the tuned frequency; above <paramref name="LowHz"/>.</param>
public readonly record struct Passband(double LowHz, double HighHz)
{
    /// <summary>The whole band of a capture at <paramref name="sampleRateHz"/>: −fs/2 … fs/2.</summary>
    public static Passband Whole(double sampleRateHz) => new(-sampleRateHz / 2, sampleRateHz / 2);

    /// <summary>Width, Hz.</summary>
    public double WidthHz => HighHz - LowHz;

    /// <summary>Why these edges cannot be a passband, or null when they can.</summary>
    public string? Problem => !double.IsFinite(LowHz) || !double.IsFinite(HighHz)
        ? "The passband's edges must be finite numbers of hertz."
        : LowHz >= HighHz ? $"The passband's lower edge ({LowHz} Hz) must be below its upper edge ({HighHz} Hz)." : null;
}
