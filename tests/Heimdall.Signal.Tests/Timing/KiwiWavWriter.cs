using System.Buffers.Binary;

namespace Heimdall.Signal.Tests.Timing;

/// <summary>Writes kiwi-wav files as kiwirecorder does (RIFF/WAVE, 2 × int16, a 10-byte 'kiwi' chunk before each 'data' chunk), for tests.</summary>
internal static class KiwiWavWriter
{
    /// <summary>One block: its stamp (null writes no 'kiwi' chunk) and its I/Q values (interleaved int16).</summary>
    public sealed record Block(byte Age, uint SecondsOfWeek, uint Nanoseconds, short[] Iq, bool WithStamp = true);

    public static byte[] Write(int nominalRate, IEnumerable<Block> blocks)
    {
        using var body = new MemoryStream();
        Chunk(body, "fmt ", Format(nominalRate));
        foreach (var block in blocks)
        {
            if (block.WithStamp)
            {
                var stamp = new byte[10];
                stamp[0] = block.Age;
                BinaryPrimitives.WriteUInt32LittleEndian(stamp.AsSpan(2), block.SecondsOfWeek);
                BinaryPrimitives.WriteUInt32LittleEndian(stamp.AsSpan(6), block.Nanoseconds);
                Chunk(body, "kiwi", stamp);
            }

            var data = new byte[block.Iq.Length * 2];
            for (var i = 0; i < block.Iq.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), block.Iq[i]);
            }

            Chunk(body, "data", data);
        }

        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)(body.Length + 4));
        file.Write(size);
        file.Write("WAVE"u8);
        body.Position = 0;
        body.CopyTo(file);
        return file.ToArray();
    }

    /// <summary>
    /// Blocks of 512 samples of a clock at <paramref name="rate"/> Hz starting at GPS time of week <paramref name="startSeconds"/>:
    /// the first block all-zero (as a Kiwi sends it), the rest stamped with their first sample's time and age <paramref name="age"/>.
    /// </summary>
    public static List<Block> Clock(int blocks, double rate, double startSeconds, Func<int, short[]> samples, Func<int, byte>? age = null)
    {
        var list = new List<Block>();
        for (var b = 0; b < blocks; b++)
        {
            var t = startSeconds + (b * 512 / rate);
            var seconds = (uint)Math.Floor(t);
            var nanoseconds = (uint)Math.Round((t - seconds) * 1e9);
            list.Add(b == 0 ? new Block(0, 0, 0, samples(b)) : new Block(age?.Invoke(b) ?? 1, seconds, nanoseconds, samples(b)));
        }

        return list;
    }

    private static byte[] Format(int rate)
    {
        var format = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(format, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(2), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(8), (uint)(rate * 4));
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(12), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(14), 16);
        return format;
    }

    private static void Chunk(Stream stream, string id, byte[] body)
    {
        stream.Write(System.Text.Encoding.ASCII.GetBytes(id));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        stream.Write(size);
        stream.Write(body);
        if (body.Length % 2 == 1)
        {
            stream.WriteByte(0);
        }
    }
}
