namespace Heimdall.Contracts;

/// <summary>
/// Additive: what the samples of an <see cref="IqCaptured"/> whose <c>sampleFormat</c> is <c>ri16_le</c> are: real audio
/// a server demodulated (OpenWebRX), never IQ. Null for IQ.
/// </summary>
public sealed record CapturedAudio
{
    /// <summary>The server's modulation name: <c>usb</c>, <c>lsb</c>, <c>usbd</c>, <c>lsbd</c>.</summary>
    public required string Demodulator { get; init; }

    /// <summary>The demodulator's passband, Hz relative to the dial frequency (negative for the lower sideband).</summary>
    public required double PassbandLowHz { get; init; }

    public required double PassbandHighHz { get; init; }

    /// <summary>The frequency the demodulator was tuned to, Hz: audio 0 Hz.</summary>
    public required double DialFrequencyHz { get; init; }

    /// <summary>Where in the audio the requested frequency is heard, Hz.</summary>
    public required double RequestedAudioFrequencyHz { get; init; }

    /// <summary>True for the lower sideband: the audio frequency falls as the radio frequency rises.</summary>
    public required bool Inverted { get; init; }

    /// <summary>How the server coded the audio and how it was decoded.</summary>
    public required string Decompression { get; init; }

    /// <summary>Times the decoder lost the stream's sync blocks.</summary>
    public int SyncLosses { get; init; }
}
