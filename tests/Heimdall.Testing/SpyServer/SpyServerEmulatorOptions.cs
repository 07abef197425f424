namespace Heimdall.Testing.SpyServer;

/// <summary>
/// What the emulated SpyServer and its device do. The defaults are a healthy server with an Airspy HF+ (768 kS/s, 8
/// decimation stages, 9 kHz–260 MHz, 660 kHz of usable band), tuned to 145 MHz, hearing a tone 1234.5 Hz above
/// 145.5 MHz at 20 dB SNR in a 48 kHz window, serving up to five clients, the first of which may control the device.
/// </summary>
public sealed record SpyServerEmulatorOptions
{
    /// <summary>The header's protocol id (2.0.1700); another major or minor is a server the client must refuse.</summary>
    public uint ProtocolId { get; init; } = (2u << 24) | 1700;

    /// <summary>DEVICE_INFO's device type: 2 Airspy HF+; 0 a server without a device.</summary>
    public uint DeviceType { get; init; } = 2;

    public uint DeviceSerial { get; init; } = 0x3A5B_1C2D;
    public uint MaximumSampleRate { get; init; } = 768_000;
    public uint MaximumBandwidth { get; init; } = 660_000;
    public uint DecimationStageCount { get; init; } = 8;
    public uint MinimumIqDecimation { get; init; }
    public uint MaximumGainIndex { get; init; } = 8;
    public uint MinimumFrequency { get; init; } = 9_000;
    public uint MaximumFrequency { get; init; } = 260_000_000;
    public uint Resolution { get; init; } = 18;

    /// <summary>DEVICE_INFO's forced IQ format (force_8bit: 1); 0 none.</summary>
    public uint ForcedIqFormat { get; init; }

    /// <summary>Sends a DEVICE_INFO body this long instead of 48 bytes (a server this client does not understand).</summary>
    public int? DeviceInfoBytes { get; init; }

    /// <summary>maximum_clients: a client beyond it is closed right after its HELLO, without DEVICE_INFO.</summary>
    public int MaximumClients { get; init; } = 5;

    /// <summary>allow_control: the first client (while nobody controls the device) may control it.</summary>
    public bool AllowControl { get; init; } = true;

    /// <summary>Another listener controls the device from the start: every client gets CanControl 0.</summary>
    public bool ControlledByAnother { get; init; }

    public uint DeviceCenterHz { get; init; } = 145_000_000;
    public uint Gain { get; init; } = 5;

    /// <summary>The transmitter's absolute frequency; heard at (this − IQ centre) when inside the window.</summary>
    public double ToneFrequencyHz { get; init; } = 145_501_234.5;

    /// <summary>Amplitude of the tone in the IQ window (full scale 1) before the digital gain.</summary>
    public double ToneAmplitude { get; init; } = 0.1;

    /// <summary>Complex noise power in the IQ window (1e-4 with the default tone: SNR 20 dB).</summary>
    public double NoisePower { get; init; } = 1e-4;

    /// <summary>Samples per IQ frame; null: 20 ms at the client's rate (at least 256).</summary>
    public int? FrameSamples { get; init; }

    /// <summary>True: frames leave at the window's rate; false: as fast as the socket takes them.</summary>
    public bool RealTime { get; init; } = true;

    /// <summary>The first sequence number of each client's IQ frames.</summary>
    public uint FirstSequenceNumber { get; init; } = 1000;

    /// <summary>After each IQ_FREQUENCY, IQ_DECIMATION and GAIN, send the client a CLIENT_SYNC (reportedly what SpyServer does).</summary>
    public bool SyncAfterSettings { get; init; } = true;

    /// <summary>After this many IQ frames, send nothing more (a stalled device), and close <see cref="StallCloseDelay"/> later.</summary>
    public int? StallAfterFrames { get; init; }

    public TimeSpan StallCloseDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After this many IQ frames, close the connection gracefully (FIN): a session limit, a server restart.</summary>
    public int? CloseAfterFrames { get; init; }

    /// <summary>After this many IQ frames, abort the connection (RST).</summary>
    public int? ResetAfterFrames { get; init; }

    /// <summary>Skip every n-th IQ frame (its sequence number is used, the frame not sent); 0: none.</summary>
    public int DropEveryNthFrame { get; init; }

    /// <summary>After this many IQ frames to a client, another listener retunes the device by <see cref="RetuneByHz"/> (CLIENT_SYNC to every client).</summary>
    public int? RetuneAfterFrames { get; init; }

    public int RetuneByHz { get; init; } = 100_000;
}
