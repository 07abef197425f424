namespace Heimdall.Receivers;

/// <summary>
/// Demodulated audio a receiver without IQ delivered: real samples of one sideband, through the server's demodulator,
/// resampler and AGC (so its level says nothing of the signal's power).
/// </summary>
public sealed record AudioDescription
{
    /// <summary>The server's modulation name: <c>usb</c>, <c>lsb</c>, <c>usbd</c>, <c>lsbd</c>.</summary>
    public required string Demodulator { get; init; }

    /// <summary>The passband, Hz relative to the dial frequency (negative for the lower sideband).</summary>
    public required double PassbandLowHz { get; init; }

    public required double PassbandHighHz { get; init; }

    /// <summary>The frequency the demodulator was tuned to (the profile's centre plus <c>offset_freq</c>), Hz.</summary>
    public required double DialFrequencyHz { get; init; }

    /// <summary>Where in the audio the requested frequency is heard, Hz.</summary>
    public required double RequestedAudioFrequencyHz { get; init; }

    /// <summary>True for the lower sideband: the audio frequency falls as the radio frequency rises.</summary>
    public required bool Inverted { get; init; }

    /// <summary>How the server coded the audio and how it was decoded, e.g. <c>IMA ADPCM with sync blocks, decoded by Heimdall</c>.</summary>
    public required string Decompression { get; init; }

    /// <summary>Times the decoder lost the stream's sync blocks (samples around each may be wrong).</summary>
    public int SyncLosses { get; init; }

}
