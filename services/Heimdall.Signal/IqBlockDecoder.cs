using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Heimdall.Signal;

/// <summary>
/// Decodes a block of whole I/Q samples into complex values normalised to full scale (|x| = 1 is 0 dBFS) in one pass,
/// counting clipped samples and summing |x|² on the way. Scaling: <c>ci16_le</c> value / 32768;
/// <c>cu8</c> (value − 127.5) / 127.5; <c>cf32_le</c> as stored.
/// </summary>
internal static class IqBlockDecoder
{
    /// <summary>Decoded block totals.</summary>
    /// <param name="Clipped">Samples with I or Q at the integer format's full scale (never counted for cf32_le).</param>
    /// <param name="PowerSum">Σ |x|² over the block.</param>
    public readonly record struct BlockTotals(int Clipped, double PowerSum);

    /// <summary>
    /// Decodes <paramref name="source"/> (a whole number of samples) into the start of <paramref name="destination"/>.
    /// </summary>
    /// <param name="firstSampleIndex">Index of the block's first sample in the capture, for error messages.</param>
    /// <exception cref="IqDataException">A cf32_le value is NaN or infinite.</exception>
    public static BlockTotals Decode(ReadOnlySpan<byte> source, SampleFormat format, Span<Complex> destination, long firstSampleIndex)
    {
        var count = source.Length / format.BytesPerSample();
        destination = destination[..count];
        return format switch
        {
            SampleFormat.Ci16Le => DecodeCi16(source, destination),
            SampleFormat.Cu8 => DecodeCu8(source, destination),
            SampleFormat.Cf32Le => DecodeCf32(source, destination, firstSampleIndex),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
        };
    }

    private static BlockTotals DecodeCi16(ReadOnlySpan<byte> source, Span<Complex> destination)
    {
        const double scale = 1.0 / 32768;
        var clipped = 0;
        var power = 0.0;
        var values = MemoryMarshal.Cast<byte, short>(source);
        for (var n = 0; n < destination.Length; n++)
        {
            int i = values[2 * n], q = values[(2 * n) + 1];
            if (!BitConverter.IsLittleEndian)
            {
                i = BinaryPrimitives.ReverseEndianness((short)i);
                q = BinaryPrimitives.ReverseEndianness((short)q);
            }

            if (i is short.MinValue or short.MaxValue || q is short.MinValue or short.MaxValue)
            {
                clipped++;
            }

            double re = i * scale, im = q * scale;
            power += (re * re) + (im * im);
            destination[n] = new Complex(re, im);
        }

        return new BlockTotals(clipped, power);
    }

    private static BlockTotals DecodeCu8(ReadOnlySpan<byte> source, Span<Complex> destination)
    {
        const double scale = 1.0 / 127.5;
        var clipped = 0;
        var power = 0.0;
        for (var n = 0; n < destination.Length; n++)
        {
            int i = source[2 * n], q = source[(2 * n) + 1];
            if (i is byte.MinValue or byte.MaxValue || q is byte.MinValue or byte.MaxValue)
            {
                clipped++;
            }

            double re = (i - 127.5) * scale, im = (q - 127.5) * scale;
            power += (re * re) + (im * im);
            destination[n] = new Complex(re, im);
        }

        return new BlockTotals(clipped, power);
    }

    private static BlockTotals DecodeCf32(ReadOnlySpan<byte> source, Span<Complex> destination, long firstSampleIndex)
    {
        var power = 0.0;
        var values = MemoryMarshal.Cast<byte, float>(source);
        for (var n = 0; n < destination.Length; n++)
        {
            float i = values[2 * n], q = values[(2 * n) + 1];
            if (!BitConverter.IsLittleEndian)
            {
                i = BinaryPrimitives.ReadSingleLittleEndian(source[(8 * n)..]);
                q = BinaryPrimitives.ReadSingleLittleEndian(source[((8 * n) + 4)..]);
            }

            if (!float.IsFinite(i) || !float.IsFinite(q))
            {
                throw new IqDataException(
                    $"cf32_le sample {firstSampleIndex + n} is not a finite number (I = {i}, Q = {q}); NaN and infinity cannot be measured.");
            }

            double re = i, im = q;
            power += (re * re) + (im * im);
            destination[n] = new Complex(re, im);
        }

        return new BlockTotals(0, power);
    }
}
