using Heimdall.Contracts;
using Heimdall.Signal;

namespace Heimdall.Receivers;

/// <summary>
/// The samples exactly as the receiver delivered them, the rate they were taken at (for a KiwiSDR the rate measured from
/// its GNSS stamps, not the nominal one), the instant of the first sample, how that instant was obtained, and the band
/// the receiver's filter passed (null: the whole band, as rtl_tcp and the simulation deliver it).
/// </summary>
/// <remarks>
/// A receiver without IQ (OpenWebRX) delivers its demodulated audio in <see cref="Iq"/> as <see cref="SampleFormat.Ri16Le"/>,
/// described by <see cref="Audio"/>, the server's spectrum beside it in <see cref="Spectrum"/>, and its own
/// <see cref="Measurement"/> (made from the spectrum, and said so in its basis): the samples are never measured as IQ.
/// </remarks>
public sealed record RawCapture(
    byte[] Iq, SampleFormat Format, double SampleRateHz, long SampleCount, DateTimeOffset CaptureStartUtc, CaptureTiming Timing, Passband? Passband = null)
{
    /// <summary>The metrics of the samples, measured inside the band the receiver passed.</summary>
    /// <exception cref="IqDataException">The samples cannot be measured; the message says why.</exception>
    public SignalMeasurement Measure() => SignalAnalyzer.Measure(Iq, Format, SampleRateHz, new SpectrumOptions { Passband = Passband });

    /// <summary>The driver's own measurement when the samples are not IQ; null: the Acquirer measures <see cref="Iq"/>.</summary>
    public SignalMeasurement? Measurement { get; init; }

    /// <summary>What the audio in <see cref="Iq"/> is (demodulator, passband, tuning, decompression); null for IQ.</summary>
    public AudioDescription? Audio { get; init; }

    /// <summary>The server's FFT lines and S-meter readings during the capture; null for receivers that send none.</summary>
    public SpectrumFrames? Spectrum { get; init; }
}
