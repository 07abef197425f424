using System.Buffers.Binary;
using System.Globalization;
using Heimdall.Signal.Timing;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// One <c>SND</c> frame of the KiwiSDR's sound WebSocket in IQ mode: the 3-byte tag <c>SND</c>, flags (u8), the sequence
/// number (u32 little-endian), the S-meter (u16 big-endian, dBm = value/10 − 127), the 10-byte GNSS header, then int16
/// I/Q pairs (big-endian unless <see cref="LittleEndianFlag"/> is set). <see cref="Samples"/> points into the received
/// buffer: it is valid until the next frame is received.
/// </summary>
public readonly struct KiwiSndFrame
{
    public const int HeaderLength = 10;
    public const int IqHeaderLength = HeaderLength + KiwiGnssHeader.Length;
    public const byte PassbandChangedFlag = 0x01;
    public const byte AdcOverloadFlag = 0x02;
    public const byte IqFlag = 0x08;
    public const byte CompressedFlag = 0x10;
    public const byte LittleEndianFlag = 0x80;

    /// <summary>A KiwiSDR sends 512 complex samples per IQ packet; more than this many is not a frame of its.</summary>
    public const int MaxSamples = 8192;

    private KiwiSndFrame(byte flags, uint sequence, ushort sMeter, KiwiGnssHeader gnss, ReadOnlyMemory<byte> samples)
    {
        Flags = flags;
        Sequence = sequence;
        SMeter = sMeter;
        Gnss = gnss;
        Samples = samples;
    }

    public byte Flags { get; }
    public uint Sequence { get; }
    public ushort SMeter { get; }
    public KiwiGnssHeader Gnss { get; }

    /// <summary>The I/Q bytes, 4 per complex sample, in the frame's byte order.</summary>
    public ReadOnlyMemory<byte> Samples { get; }

    public int SampleCount => Samples.Length / 4;
    public bool IsLittleEndian => (Flags & LittleEndianFlag) != 0;
    public bool AdcOverload => (Flags & AdcOverloadFlag) != 0;
    public double SMeterDbm => (SMeter / 10.0) - 127;

    /// <summary>The 3-byte tag of any frame the server sends (MSG, SND, W/F, EXT, DAT), or null when it is not printable ASCII.</summary>
    public static string? Tag(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 3)
        {
            return null;
        }

        foreach (var b in frame[..3])
        {
            if (b is < 0x20 or > 0x7e)
            {
                return null;
            }
        }

        return System.Text.Encoding.ASCII.GetString(frame[..3]);
    }

    /// <summary>
    /// Parses an IQ-mode SND frame; false with <paramref name="error"/> naming what is wrong (tag, length, flags, a time
    /// of week out of range) when it is not one.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> frame, out KiwiSndFrame parsed, out string error)
    {
        parsed = default;
        var span = frame.Span;
        if (span.Length < 3 || span[0] != 'S' || span[1] != 'N' || span[2] != 'D')
        {
            error = $"not an SND frame (starts {Hex(span[..Math.Min(span.Length, 8)])})";
            return false;
        }

        if (span.Length < IqHeaderLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"short SND frame: {span.Length} bytes, less than the {IqHeaderLength}-byte IQ header");
            return false;
        }

        var flags = span[3];
        if ((flags & IqFlag) == 0 || (flags & CompressedFlag) != 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"SND frame with flags 0x{flags:x2}: not uncompressed IQ (0x08 set, 0x10 clear)");
            return false;
        }

        var payload = span.Length - IqHeaderLength;
        if (payload == 0 || payload % 4 != 0 || payload / 4 > MaxSamples)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"SND frame of {span.Length} bytes: its {payload} sample bytes are not a whole number of 1..{MaxSamples} I/Q pairs");
            return false;
        }

        var gnss = new KiwiGnssHeader(span[HeaderLength], BinaryPrimitives.ReadUInt32LittleEndian(span[(HeaderLength + 2)..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[(HeaderLength + 6)..]));
        if (gnss.SecondsOfWeek >= KiwiGnssClock.SecondsPerWeek || gnss.Nanoseconds >= KiwiGnssClock.NanosecondsPerSecond)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"SND frame with an impossible GNSS time of week {gnss.SecondsOfWeek} s + {gnss.Nanoseconds} ns");
            return false;
        }

        parsed = new KiwiSndFrame(flags, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]), BinaryPrimitives.ReadUInt16BigEndian(span[8..]),
            gnss, frame[IqHeaderLength..]);
        error = "";
        return true;
    }

    /// <summary>Writes the samples as ci16_le (swapping bytes when the frame is big-endian).</summary>
    public void CopySamplesAsLittleEndian(int firstSample, int count, Span<byte> destination)
    {
        var source = Samples.Span.Slice(firstSample * 4, count * 4);
        if (IsLittleEndian)
        {
            source.CopyTo(destination);
            return;
        }

        BinaryPrimitives.ReverseEndianness(
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(source),
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(destination[..(count * 4)]));
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "empty" : Convert.ToHexString(bytes);
}

/// <summary>
/// The GNSS header of an IQ packet: the age of the GPS solution used (whole seconds; 255: the Kiwi has no GPS clock),
/// and the GPS time of week of the packet's first sample. All zero on the first packet of a connection and when the
/// admin switched GNSS stamps off.
/// </summary>
public readonly record struct KiwiGnssHeader(byte LastGpsSolution, uint SecondsOfWeek, uint Nanoseconds)
{
    public const int Length = 10;
    public const byte NoGpsClock = 255;

    public bool IsZero => LastGpsSolution == 0 && SecondsOfWeek == 0 && Nanoseconds == 0;
}
