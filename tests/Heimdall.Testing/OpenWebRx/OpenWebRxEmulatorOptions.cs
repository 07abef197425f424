namespace Heimdall.Testing.OpenWebRx;

/// <summary>
/// What the emulated OpenWebRX server and its SDR do. The defaults are a healthy OpenWebRX+ (1.2.x) with one RTL-SDR and
/// two profiles (2 m around 145 MHz and 70 cm around 435 MHz, 2.4 MS/s, 4096-bin FFT at 10 lines a second, ADPCM audio and
/// FFT), hearing a carrier 1234.5 Hz above 145.5 MHz at 20 dB SNR in 12 kHz.
/// </summary>
public sealed record OpenWebRxEmulatorOptions
{
    /// <summary>True: OpenWebRX+ (usbd/lsbd modes, robot bans, max_clients_per_ip, locked profiles, ADPCM audio with sync blocks). False: OpenWebRX 1.1 (jketterl).</summary>
    public bool Plus { get; init; } = true;

    public string Version => Plus ? "1.2.121" : "v1.1.0-dev";

    public int MaxClients { get; init; } = 20;

    /// <summary>OpenWebRX+ only.</summary>
    public int MaxClientsPerIp { get; init; } = 3;

    /// <summary>OpenWebRX+'s bot_ban_enabled: a robot score of 30 bans the address for 720 minutes.</summary>
    public bool BotBanEnabled { get; init; } = true;

    /// <summary>The address is banned from the start.</summary>
    public bool Banned { get; init; }

    /// <summary>No SDR is available: the client gets <c>sdr_error "No SDR Devices available"</c> and no profile.</summary>
    public bool NoSdr { get; init; }

    public IReadOnlyList<OpenWebRxEmulatedProfile> Profiles { get; init; } =
    [
        new("rtlsdr", "2m", "2m", 145_000_000, 2_400_000),
        new("rtlsdr", "70cm", "70cm", 435_000_000, 2_400_000),
    ];

    public string SdrName { get; init; } = "RTL-SDR";
    public int FftSize { get; init; } = 4096;
    public double FftFps { get; init; } = 10;

    /// <summary>FFTs averaged into each line; null: as OpenWebRX computes it, rate / size / fps / (1 − 0.3).</summary>
    public int? FftAverages { get; init; }

    /// <summary><c>adpcm</c> or <c>none</c>.</summary>
    public string FftCompression { get; init; } = "adpcm";

    public string AudioCompression { get; init; } = "adpcm";

    /// <summary>The transmitter: an unmodulated carrier at this absolute frequency.</summary>
    public double ToneFrequencyHz { get; init; } = 145_501_234.5;

    /// <summary>Amplitude of the carrier, full scale 1.</summary>
    public double ToneAmplitude { get; init; } = 1e-2;

    /// <summary>Complex noise density, full-scale power per Hz (1e-4 / 1.2e6: the carrier 20 dB above the noise in 12 kHz).</summary>
    public double NoiseDensityPerHz { get; init; } = 1e-4 / 1.2e6;

    /// <summary>Samples per audio message.</summary>
    public int AudioChunkSamples { get; init; } = 1024;

    /// <summary>Seed of the noise; each connection adds its number.</summary>
    public int Seed { get; init; } = 8073;

    /// <summary>After this long of audio, send no more audio (the spectrum goes on).</summary>
    public TimeSpan? StallAudioAfter { get; init; }

    /// <summary>After this long of audio, close the TCP connection without a WebSocket close (FIN).</summary>
    public TimeSpan? CloseAfter { get; init; }

    /// <summary>After this long of audio, abort the connection (RST).</summary>
    public TimeSpan? ResetAfter { get; init; }

    /// <summary>After this long of audio, another listener selects this profile for the SDR (every client hears of it).</summary>
    public TimeSpan? OtherListenerSelectsAfter { get; init; }

    public string OtherListenerSelects { get; init; } = "rtlsdr|70cm";

    /// <summary>After this long of audio, the SDR fails: <c>sdr_error</c> to every client, and its streams stop.</summary>
    public TimeSpan? SdrFailsAfter { get; init; }
}

/// <summary>One profile of the emulated SDR.</summary>
public sealed record OpenWebRxEmulatedProfile(string SdrId, string ProfileId, string Name, double CenterFrequencyHz, double SampleRateHz, bool Locked = false)
{
    public string Id => $"{SdrId}|{ProfileId}";
}
