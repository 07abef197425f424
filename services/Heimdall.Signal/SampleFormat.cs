namespace Heimdall.Signal;

/// <summary>Binary layout of one complex (I/Q) sample, named after the SigMF core datatypes.</summary>
public enum SampleFormat
{
    /// <summary>Interleaved signed 16-bit little-endian I and Q (SigMF <c>ci16_le</c>), 4 bytes per complex sample.</summary>
    Ci16Le,

    /// <summary>Interleaved unsigned 8-bit I and Q, offset by 127.5 (SigMF <c>cu8</c>, RTL-SDR native), 2 bytes per complex sample.</summary>
    Cu8,

    /// <summary>Interleaved 32-bit little-endian IEEE floats I and Q (SigMF <c>cf32_le</c>), 8 bytes per complex sample.</summary>
    Cf32Le,

    /// <summary>
    /// Real (not complex) signed 16-bit little-endian samples (SigMF <c>ri16_le</c>), 2 bytes each: demodulated audio, as
    /// OpenWebRX delivers it. Never IQ: decoded as x + 0j, so its spectrum is that of a real signal (mirrored about 0 Hz).
    /// </summary>
    Ri16Le,
}
