using System.Buffers.Binary;
using System.Globalization;

namespace Heimdall.Signal.Timing;

/// <summary>
/// A recording in the format kiwirecorder writes with <c>-m iq --kiwi-wav</c>: RIFF/WAVE, 2 channels of 16-bit PCM
/// (I, Q) at the KiwiSDR's IQ rate, and before every <c>data</c> chunk a <c>kiwi</c> chunk with the GNSS stamp of that
/// chunk's first sample: <c>last_gps_solution</c> (u8, seconds since the last fix; 255: no GNSS), a reserved byte, GPS
/// seconds of the week (u32 LE) and nanoseconds (u32 LE). The samples are kept as they are stored (little-endian
/// int16 I, Q pairs), which is <see cref="SampleFormat.Ci16Le"/>.
/// </summary>
/// <param name="NominalSampleRateHz">The rate in the <c>fmt </c> chunk (rounded by kiwirecorder; the true rate follows from the stamps).</param>
/// <param name="Iq">Every <c>data</c> chunk's bytes, in file order: ci16_le samples.</param>
/// <param name="Blocks">One entry per <c>data</c> chunk: where its samples start and the stamp written before it.</param>
public sealed record KiwiWav(int NominalSampleRateHz, byte[] Iq, IReadOnlyList<KiwiWavBlock> Blocks)
{
    /// <summary>Complex samples in the file.</summary>
    public long SampleCount => Iq.LongLength / 4;

    /// <summary>Parses a whole file.</summary>
    /// <exception cref="IqDataException">Not a RIFF/WAVE file, not 2-channel 16-bit PCM, a truncated or malformed chunk; the message says which, with its byte offset.</exception>
    public static KiwiWav Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new IqDataException("not a RIFF/WAVE file (it does not begin with 'RIFF' … 'WAVE')");
        }

        int? rate = null;
        var iq = new List<byte[]>();
        var blocks = new List<KiwiWavBlock>();
        KiwiWavStamp? pending = null;
        long samples = 0;
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 4, 4));
            if (size > (uint)(file.Length - position - 8))
            {
                throw new IqDataException(Invariant($"chunk '{Name(id)}' at byte {position} declares {size} bytes but only {file.Length - position - 8} follow: the file is truncated"));
            }

            var body = file.Slice(position + 8, (int)size);
            if (id.SequenceEqual("fmt "u8))
            {
                rate = ReadFormat(body, position);
            }
            else if (id.SequenceEqual("kiwi"u8))
            {
                pending = body.Length >= 10
                    ? new KiwiWavStamp(body[0], BinaryPrimitives.ReadUInt32LittleEndian(body[2..]), BinaryPrimitives.ReadUInt32LittleEndian(body[6..]))
                    : throw new IqDataException(Invariant($"'kiwi' chunk at byte {position} has {body.Length} bytes; a GNSS stamp needs 10"));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (rate is null)
                {
                    throw new IqDataException(Invariant($"'data' chunk at byte {position} comes before the 'fmt ' chunk"));
                }

                if (body.Length % 4 != 0)
                {
                    throw new IqDataException(Invariant($"'data' chunk at byte {position} has {body.Length} bytes, not a whole number of 4-byte I/Q samples"));
                }

                blocks.Add(new KiwiWavBlock(samples, body.Length / 4, pending));
                iq.Add(body.ToArray());
                samples += body.Length / 4;
                pending = null;
            }

            position += 8 + (int)size + (int)(size & 1);
        }

        if (rate is null)
        {
            throw new IqDataException("no 'fmt ' chunk: not a WAVE file kiwirecorder wrote");
        }

        if (samples == 0)
        {
            throw new IqDataException("no samples: the file has no 'data' chunk with I/Q samples");
        }

        var all = new byte[samples * 4];
        var offset = 0;
        foreach (var chunk in iq)
        {
            chunk.CopyTo(all, offset);
            offset += chunk.Length;
        }

        return new KiwiWav(rate.Value, all, blocks);
    }

    private static int ReadFormat(ReadOnlySpan<byte> body, int position)
    {
        if (body.Length < 16)
        {
            throw new IqDataException(Invariant($"'fmt ' chunk at byte {position} has {body.Length} bytes, fewer than the 16 of PCM"));
        }

        var format = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (format != 1 || channels != 2 || bits != 16)
        {
            throw new IqDataException(Invariant(
                $"'fmt ' chunk says format {format}, {channels} channel(s), {bits} bits: an IQ kiwi-wav file is PCM (1), 2 channels (I, Q), 16 bits"));
        }

        return rate is > 0 and <= int.MaxValue
            ? (int)rate
            : throw new IqDataException(Invariant($"'fmt ' chunk gives a sample rate of {rate} Hz"));
    }

    private static string Name(ReadOnlySpan<byte> id)
    {
        var chars = new char[id.Length];
        for (var i = 0; i < id.Length; i++)
        {
            chars[i] = id[i] is >= 32 and < 127 ? (char)id[i] : '?';
        }

        return new string(chars);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One <c>data</c> chunk of a kiwi-wav file: its first sample's index in the file and the stamp before it (null when none was written).</summary>
public sealed record KiwiWavBlock(long SampleIndex, int SampleCount, KiwiWavStamp? Stamp);

/// <summary>
/// A <c>kiwi</c> chunk: the KiwiSDR's GNSS header for the first sample of the next block. <see cref="LastGpsSolution"/>
/// is the age of the GNSS solution in seconds (255: the Kiwi has no GNSS clock); all zero means no stamp (the first
/// packet of a connection).
/// </summary>
public sealed record KiwiWavStamp(byte LastGpsSolution, uint SecondsOfWeek, uint Nanoseconds)
{
    public const byte NoGpsClock = 255;

    public bool IsZero => LastGpsSolution == 0 && SecondsOfWeek == 0 && Nanoseconds == 0;
}
