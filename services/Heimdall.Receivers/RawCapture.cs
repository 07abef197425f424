using Heimdall.Contracts;
using Heimdall.Signal;

namespace Heimdall.Receivers;

/// <summary>
/// The samples exactly as the receiver delivered them, the rate they were taken at (for a KiwiSDR the rate measured from
/// its GNSS stamps, not the nominal one), the instant of the first sample, how that instant was obtained, and the band
/// the receiver's filter passed (null: the whole band, as rtl_tcp and the simulation deliver it).
/// </summary>
public sealed record RawCapture(
    byte[] Iq, SampleFormat Format, double SampleRateHz, long SampleCount, DateTimeOffset CaptureStartUtc, CaptureTiming Timing, Passband? Passband = null)
{
    /// <summary>The metrics of the samples, measured inside the band the receiver passed.</summary>
    /// <exception cref="IqDataException">The samples cannot be measured; the message says why.</exception>
    public SignalMeasurement Measure() => SignalAnalyzer.Measure(Iq, Format, SampleRateHz, new SpectrumOptions { Passband = Passband });
}
