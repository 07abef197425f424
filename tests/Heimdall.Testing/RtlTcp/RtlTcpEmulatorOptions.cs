namespace Heimdall.Testing.RtlTcp;

/// <summary>
/// What the emulated rtl_tcp server and its dongle do. The defaults are a healthy R820T server whose previous client
/// left it at 3.2 MS/s and 100 MHz, hearing a tone 1234.5 Hz above 145.5 MHz at 20 dB SNR.
/// </summary>
public sealed record RtlTcpEmulatorOptions
{
    /// <summary>Tuner type of the header (5: R820T).</summary>
    public uint TunerType { get; init; } = 5;

    /// <summary>Gain count of the header.</summary>
    public uint GainCount { get; init; } = 29;

    /// <summary>Replaces the 12 header bytes (a wrong magic); null: <c>RTL0</c>, tuner type, gain count.</summary>
    public byte[]? Header { get; init; }

    /// <summary>Sends only this many header bytes, then closes (a short header).</summary>
    public int? HeaderBytes { get; init; }

    /// <summary>The rate and frequency the dongle was left at by the previous client (rtl_tcp does not reset it).</summary>
    public uint PreviousSampleRateHz { get; init; } = 3_200_000;

    public uint PreviousFrequencyHz { get; init; } = 100_000_000;

    /// <summary>The transmitter's absolute frequency; it is heard at (this − tuned frequency) in baseband.</summary>
    public double ToneFrequencyHz { get; init; } = 145_501_234.5;

    /// <summary>Amplitude of the tone (full scale 1).</summary>
    public double ToneAmplitude { get; init; } = 0.1;

    /// <summary>Total complex noise power, cu8 rounding included (1e-4 with the default tone: SNR 20 dB).</summary>
    public double NoisePower { get; init; } = 1e-4;

    /// <summary>
    /// True: samples leave at the dongle's rate, a transfer at a time, like a real dongle. False: as fast as the socket
    /// takes them (one precomputed transfer repeated; for throughput measurements).
    /// </summary>
    public bool RealTime { get; init; } = true;

    /// <summary>Bytes per USB transfer (librtlsdr: 262144).</summary>
    public int TransferBytes { get; init; } = 262_144;

    /// <summary>How long a command takes to take effect after it arrives (librtlsdr's I²C writes).</summary>
    public TimeSpan CommandLatency { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>After this many stream bytes, send nothing more (a stalled dongle), and close <see cref="StallCloseDelay"/> later.</summary>
    public long? StallAfterBytes { get; init; }

    /// <summary>rtl_tcp gives up on a silent dongle 5 s after it stopped and closes the client.</summary>
    public TimeSpan StallCloseDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many stream bytes, close the connection gracefully (FIN).</summary>
    public long? CloseAfterBytes { get; init; }

    /// <summary>After this many stream bytes, abort the connection (RST).</summary>
    public long? ResetAfterBytes { get; init; }

    /// <summary>Drop every n-th transfer without a word (a server falling behind); 0: none.</summary>
    public int DropEveryNthTransfer { get; init; }

    /// <summary>Send each transfer as one byte, a pause, then the rest: every I/Q pair boundary of the stream is split once.</summary>
    public bool SplitPairs { get; init; }

    /// <summary>
    /// While one client is served, accept every other connection and close it at once, before any header byte (rtl_tcp
    /// builds that refuse a second client do this instead of leaving it in the listen backlog).
    /// </summary>
    public bool CloseOtherClients { get; init; }
}
