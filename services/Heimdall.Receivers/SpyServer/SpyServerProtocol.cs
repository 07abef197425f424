using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// Airspy SpyServer's wire protocol as its public client header describes it (and SDR++'s client speaks it): TCP,
/// everything little-endian. A client command is <c>{u32 type, u32 body size}</c> and a body; a server message is a
/// 20-byte header <c>{protocol id, message type, stream type, sequence number, body size}</c> and a body of at most
/// 1 MiB. The upper 16 bits of an IQ message's type carry the digital gain the server applied, in dB.
/// </summary>
public static class SpyServerProtocol
{
    public const uint Major = 2;
    public const uint Minor = 0;
    public const uint Build = 1700;

    /// <summary>(2 &lt;&lt; 24) | (0 &lt;&lt; 16) | 1700: the version a client says in HELLO.</summary>
    public const uint Version = (Major << 24) | (Minor << 16) | Build;

    public const int HeaderSize = 20;
    public const int MaxBodySize = 1 << 20;
    public const int DefaultPort = 5555;

    /// <summary>The protocol version as text, e.g. <c>2.0.1700</c>.</summary>
    public static string Describe(uint protocolId) =>
        string.Create(CultureInfo.InvariantCulture, $"{protocolId >> 24}.{(protocolId >> 16) & 0xFF}.{protocolId & 0xFFFF}");

    /// <summary>HELLO: the protocol version and the client's name.</summary>
    public static byte[] Hello(string clientName)
    {
        var name = Encoding.ASCII.GetBytes(clientName);
        var command = new byte[8 + 4 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(command, (uint)SpyServerCommand.Hello);
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(4), (uint)(4 + name.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(8), Version);
        name.CopyTo(command, 12);
        return command;
    }

    /// <summary>SET_SETTING commands, one after the other in one buffer (one write).</summary>
    public static byte[] SetSettings(IReadOnlyList<SpyServerSetting> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var buffer = new byte[settings.Count * 16];
        for (var i = 0; i < settings.Count; i++)
        {
            var command = buffer.AsSpan(i * 16, 16);
            BinaryPrimitives.WriteUInt32LittleEndian(command, (uint)SpyServerCommand.SetSetting);
            BinaryPrimitives.WriteUInt32LittleEndian(command[4..], 8);
            BinaryPrimitives.WriteUInt32LittleEndian(command[8..], (uint)settings[i].Setting);
            BinaryPrimitives.WriteUInt32LittleEndian(command[12..], settings[i].Value);
        }

        return buffer;
    }
}

public enum SpyServerCommand : uint
{
    Hello = 0,
    SetSetting = 2,
    Ping = 3,
}

public enum SpyServerSettingType : uint
{
    StreamingMode = 0,
    StreamingEnabled = 1,
    Gain = 2,
    IqFormat = 100,
    IqFrequency = 101,
    IqDecimation = 102,
    IqDigitalGain = 103,
}

/// <summary>One SET_SETTING: the setting and its (first) value.</summary>
public readonly record struct SpyServerSetting(SpyServerSettingType Setting, uint Value)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Setting}={Value}");
}

/// <summary>Message types of the server (the lower 16 bits of the header's message type).</summary>
public enum SpyServerMessageType : uint
{
    DeviceInfo = 0,
    ClientSync = 1,
    Pong = 2,
    ReadSetting = 3,
    Uint8Iq = 100,
    Int16Iq = 101,
    Int24Iq = 102,
    FloatIq = 103,
    Uint8Af = 200,
    Int16Af = 201,
    Int24Af = 202,
    FloatAf = 203,
    Dint4Fft = 300,
    Uint8Fft = 301,
}

/// <summary>Stream formats of IQ_FORMAT (and DEVICE_INFO's forced format; 0: none forced).</summary>
public enum SpyServerStreamFormat : uint
{
    None = 0,
    EightBit = 1,
    SixteenBit = 2,
    TwentyFourBit = 3,
    FloatingPoint = 4,
}

public static class SpyServerStreamFormats
{
    /// <summary>The format as settings.iqFormat writes it: <c>uint8</c>, <c>int16</c>, <c>int24</c>, <c>float</c>.</summary>
    public static string Name(this SpyServerStreamFormat format) => format switch
    {
        SpyServerStreamFormat.EightBit => "uint8",
        SpyServerStreamFormat.SixteenBit => "int16",
        SpyServerStreamFormat.TwentyFourBit => "int24",
        SpyServerStreamFormat.FloatingPoint => "float",
        _ => ((uint)format).ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>DEVICE_INFO's device type; 0 means the server runs without a device.</summary>
public enum SpyServerDeviceType : uint
{
    Invalid = 0,
    AirspyOne = 1,
    AirspyHf = 2,
    RtlSdr = 3,
}

/// <summary>The 20-byte header of a server message.</summary>
public readonly record struct SpyServerMessageHeader(uint ProtocolId, uint RawMessageType, uint StreamType, uint SequenceNumber, uint BodySize)
{
    /// <summary>The message type proper (the lower 16 bits).</summary>
    public SpyServerMessageType MessageType => (SpyServerMessageType)(RawMessageType & 0xFFFF);

    /// <summary>The upper 16 bits: for IQ, the digital gain the server applied, dB.</summary>
    public int GainDb => (int)(RawMessageType >> 16);

    public bool IsIq => MessageType is >= SpyServerMessageType.Uint8Iq and <= SpyServerMessageType.FloatIq;

    public static SpyServerMessageHeader Parse(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]));

    /// <summary>The same major and minor protocol version as this client (what SDR#'s and SDR++'s clients require).</summary>
    public bool IsCompatible => ProtocolId >> 24 == SpyServerProtocol.Major && ((ProtocolId >> 16) & 0xFF) == SpyServerProtocol.Minor;
}
