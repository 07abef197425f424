using Heimdall.Contracts;
using Heimdall.Signal;

namespace Heimdall.Receivers;

/// <summary>
/// The samples exactly as the receiver delivered them, the rate they were taken at (for a KiwiSDR the rate measured from
/// its GNSS stamps, not the nominal one), the instant of the first sample, and how that instant was obtained.
/// </summary>
public sealed record RawCapture(byte[] Iq, SampleFormat Format, double SampleRateHz, long SampleCount, DateTimeOffset CaptureStartUtc, CaptureTiming Timing);
