using System.Buffers.Binary;

namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// The rtl_tcp commands the driver sends: five bytes each, the code then a big-endian u32 parameter. The server never
/// answers one, and ignores codes it does not know.
/// </summary>
public enum RtlTcpCommandCode : byte
{
    CenterFrequency = 0x01,
    SampleRate = 0x02,
    GainMode = 0x03,
    TunerGain = 0x04,
    FrequencyCorrection = 0x05,
    TestMode = 0x07,
    DigitalAgc = 0x08,
    DirectSampling = 0x09,
    BiasTee = 0x0e,
}

/// <summary>One command to an rtl_tcp server.</summary>
public readonly record struct RtlTcpCommand(RtlTcpCommandCode Code, uint Parameter)
{
    public const int Size = 5;

    /// <summary>A signed parameter (frequency correction in ppm), sent as its two's complement.</summary>
    public static RtlTcpCommand FromSigned(RtlTcpCommandCode code, int parameter) => new(code, unchecked((uint)parameter));

    public void WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)Code;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], Parameter);
    }

    /// <summary>The commands as one buffer, in order (one write, so they reach the server together).</summary>
    public static byte[] Encode(IReadOnlyList<RtlTcpCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var bytes = new byte[commands.Count * Size];
        for (var i = 0; i < commands.Count; i++)
        {
            commands[i].WriteTo(bytes.AsSpan(i * Size));
        }

        return bytes;
    }

    public override string ToString() => $"{Code} {(Code == RtlTcpCommandCode.FrequencyCorrection ? unchecked((int)Parameter) : Parameter)}";
}
