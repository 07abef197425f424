using System.Buffers.Binary;
using System.Text;

namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// The 12 bytes an rtl_tcp server sends when it accepts a client: the magic <c>RTL0</c>, the tuner type and the number of
/// tuner gain steps (both big-endian u32).
/// </summary>
public sealed record RtlTcpHeader(uint TunerType, uint GainCount)
{
    public const int Size = 12;
    public static ReadOnlySpan<byte> Magic => "RTL0"u8;

    public string TunerName => RtlTuner.Name(TunerType);

    /// <summary>What the server said of itself, e.g. <c>rtl_tcp, R820T tuner, 29 gain steps</c>.</summary>
    public string Describe() => $"rtl_tcp, {TunerName}{(TunerType is >= 1 and <= 6 ? " tuner" : "")}, {GainCount} gain steps";

    /// <summary>Reads a header; null with <paramref name="problem"/> set when the bytes are not one.</summary>
    public static RtlTcpHeader? TryParse(ReadOnlySpan<byte> bytes, out string? problem)
    {
        if (bytes.Length < Size)
        {
            problem = $"only {bytes.Length} of the {Size} header bytes";
            return null;
        }

        if (!bytes[..4].SequenceEqual(Magic))
        {
            problem = $"'{Printable(bytes[..4])}' (hex {Convert.ToHexString(bytes[..4])}) where an rtl_tcp server sends the magic 'RTL0' "
                + $"(first {Size} bytes: hex {Convert.ToHexString(bytes[..Size])})";
            return null;
        }

        problem = null;
        return new RtlTcpHeader(BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }

        return text.ToString();
    }
}
