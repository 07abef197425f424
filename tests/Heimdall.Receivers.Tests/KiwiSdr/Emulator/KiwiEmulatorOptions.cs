namespace Heimdall.Receivers.Tests.KiwiSdr.Emulator;

/// <summary>
/// How the in-test KiwiSDR behaves: its true (ADC-derived) rate and the rate it announces, what it hears (one tone at a
/// known RF frequency with white noise at a known SNR), its simulated GPS clock (GPS = UTC + leap seconds, optionally
/// shifted), its version and converter offset, and at most one refusal or misbehaviour. Read once per connection.
/// </summary>
public sealed record KiwiEmulatorOptions
{
    /// <summary>The rate the samples really have (the stamps advance by 512 / this per packet).</summary>
    public double TrueSampleRateHz { get; init; } = 11_998.903;

    /// <summary>What <c>MSG sample_rate</c> says (a real Kiwi announces one estimate per connection).</summary>
    public double AnnouncedSampleRateHz { get; init; } = 11_998.95;

    /// <summary>
    /// What <c>MSG audio_init … audio_rate=</c> says: 12000 on the 4-channel firmware (about 11999 Hz of IQ), 20250 on the
    /// 3-channel one (about 20250 Hz, whose default ±5 kHz passband leaves half the band empty).
    /// </summary>
    public int AudioRateHz { get; init; } = 12_000;

    public int SamplesPerPacket { get; init; } = 512;
    public int VersionMajor { get; init; } = 1;
    public int VersionMinor { get; init; } = 711;

    /// <summary>Converter offset the Kiwi reports (<c>freq_offset</c>, kHz): commands are relative to it.</summary>
    public double FreqOffsetKHz { get; init; }

    /// <summary>The tone's RF frequency, Hz (null: no tone). It appears at RF − (tuned + freq_offset) in the IQ.</summary>
    public double? ToneFrequencyHz { get; init; }

    /// <summary>Tone amplitude, fraction of full scale.</summary>
    public double ToneAmplitude { get; init; } = 0.1;

    /// <summary>
    /// Tone power over the total noise power of the whole sample rate before the passband filter, dB; the SNR in the
    /// passband B is this plus 10·log10(rate / B).
    /// </summary>
    public double SnrDb { get; init; } = 20;

    public int NoiseSeed { get; init; } = 7;

    /// <summary>GPS − UTC the simulated GPS receiver applies.</summary>
    public int LeapSeconds { get; init; } = 18;

    /// <summary>Gaussian jitter of each stamp, ns RMS (the truth stays exact).</summary>
    public double StampJitterNs { get; init; } = 50;

    /// <summary>The <c>last_gps_solution</c> byte of every stamped packet (255: no GPS clock).</summary>
    public byte LastGpsSolution { get; init; } = 2;

    /// <summary>Every GNSS header zero (the admin switched the stamps off).</summary>
    public bool ZeroGnssHeaders { get; init; }

    /// <summary>Send as fast as the socket takes it instead of in real time (the stamps still advance at the true rate).</summary>
    public bool FullSpeed { get; init; }

    /// <summary>Samples in little-endian when the client sends <c>SET little-endian</c> (a real Kiwi does); false: always big-endian, like an old one.</summary>
    public bool HonourLittleEndian { get; init; } = true;

    /// <summary>A password the client must give (<c>badp=1</c> otherwise).</summary>
    public string? Password { get; init; }

    /// <summary>A message sent in answer to SET auth instead of the greeting (e.g. <c>too_busy=4</c>, <c>badp=5</c>).</summary>
    public string? RefuseAtConnect { get; init; }

    /// <summary>
    /// The receiver channels (<c>rx_chans</c>); null: unlimited. A client that authenticates while every channel has a
    /// session gets <c>MSG too_busy=&lt;channels&gt;</c> and is closed, like a real Kiwi; a session's channel is free
    /// again when it ends.
    /// </summary>
    public int? Channels { get; init; }

    /// <summary>After <see cref="RefuseAtConnect"/>: keep the socket open and silent (mongoose 7's habit) instead of closing.</summary>
    public bool StaySilentAfterRefusal { get; init; }

    /// <summary>Misbehaviour after this many packets of the stream.</summary>
    public KiwiFault? Fault { get; init; }

    /// <summary>Answers the upgrade with this HTTP status (404 like the proxy for an offline Kiwi, 500, …).</summary>
    public int? UpgradeStatus { get; init; }

    /// <summary>Answers the upgrade with a 307 to this Location.</summary>
    public string? UpgradeRedirectTo { get; init; }

    /// <summary>The client must send a keepalive at least this often, or it is dropped (the real server: 60 s).</summary>
    public double KeepaliveTimeoutSeconds { get; init; } = 60;

    /// <summary>The /status body's values.</summary>
    public int Users { get; init; } = 1;
    public int UsersMax { get; init; } = 4;
    public int GpsGood { get; init; } = 7;
    public int TdoaChannels { get; init; } = 4;
    public bool Offline { get; init; }
}

/// <summary>What the emulator does after <see cref="AfterPackets"/> packets; <see cref="Message"/> for a MSG, <see cref="Count"/> for a gap.</summary>
public sealed record KiwiFault(KiwiFaultKind Kind, int AfterPackets, string? Message = null, int Count = 1);

public enum KiwiFaultKind
{
    /// <summary>Sends <c>MSG</c> + <see cref="KiwiFault.Message"/>, then closes (too_busy, ip_limit, inactivity_timeout, down, …).</summary>
    Message,

    /// <summary>Stops sending; the socket stays open.</summary>
    Stall,

    /// <summary>TCP FIN without a WebSocket close.</summary>
    Fin,

    /// <summary>TCP RST.</summary>
    Reset,

    /// <summary>A clean WebSocket close (an admin kick).</summary>
    Close,

    /// <summary>A binary frame with no Kiwi tag.</summary>
    Junk,

    /// <summary>An SND frame cut short.</summary>
    ShortFrame,

    /// <summary>Skips <see cref="KiwiFault.Count"/> packets: sequence numbers and samples (their time passes).</summary>
    SequenceGap,
}
