using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Heimdall.Signal;

/// <summary>
/// Decodes a block of whole I/Q samples into complex values normalised to full scale (|x| = 1 is 0 dBFS) in one pass,
/// counting clipped samples and summing |x|² on the way. Scaling: <c>ci16_le</c> value / 32768;
/// <c>cu8</c> (value − 127.5) / 127.5; <c>cf32_le</c> as stored.
/// </summary>
/// <remarks>
/// For the integer formats the power is summed exactly, as integers (I² + Q² of the raw values, or of 2·value − 255
/// for cu8), so the result does not depend on how a capture is split into blocks; <see cref="RawPowerScale"/> turns it
/// into full-scale units.
/// </remarks>
internal static class IqBlockDecoder
{
    /// <summary>Decoded block totals.</summary>
    /// <param name="Clipped">Samples with I or Q at the integer format's full scale (never counted for cf32_le).</param>
    /// <param name="RawPowerSum">Σ (I² + Q²) in the format's raw units: integers for ci16_le and cu8, full scale for cf32_le.</param>
    public readonly record struct BlockTotals(int Clipped, double RawPowerSum);

    /// <summary>Factor from <see cref="BlockTotals.RawPowerSum"/> to full-scale power.</summary>
    public static double RawPowerScale(SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le or SampleFormat.Ri16Le => 1.0 / (32768.0 * 32768.0),
        SampleFormat.Cu8 => 1.0 / (255.0 * 255.0),
        _ => 1.0,
    };

    /// <summary>
    /// Decodes <paramref name="source"/> (a whole number of samples, at most 2^20) into the start of <paramref name="destination"/>.
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
            SampleFormat.Ri16Le => DecodeRi16(source, destination),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockTotals DecodeCi16(ReadOnlySpan<byte> source, Span<Complex> destination)
    {
        const double scale = 1.0 / 32768;
        var values = MemoryMarshal.Cast<byte, short>(source);
        var output = MemoryMarshal.Cast<Complex, double>(destination);
        var clipped = 0;
        var power = 0.0;
        var i = 0;
        if (Avx.IsSupported && BitConverter.IsLittleEndian)
        {
            // Eight values (four samples) at a time; the squares are integers below 2^31, so their sum is exact in doubles.
            var squares = Vector256<double>.Zero;
            for (; i <= values.Length - 8; i += 8)
            {
                var v = Vector128.Create(values.Slice(i, 8));
                if (Vector128.EqualsAny(v, Vector128.Create(short.MinValue)) || Vector128.EqualsAny(v, Vector128.Create(short.MaxValue)))
                {
                    clipped += CountClippedCi16(values.Slice(i, 8));
                }

                var (low, high) = Vector128.Widen(v);
                var d0 = Avx.ConvertToVector256Double(low);
                var d1 = Avx.ConvertToVector256Double(high);
                squares += (d0 * d0) + (d1 * d1);
                (d0 * scale).CopyTo(output.Slice(i, 4));
                (d1 * scale).CopyTo(output.Slice(i + 4, 4));
            }

            power = Vector256.Sum(squares);
        }

        for (; i < values.Length; i += 2)
        {
            int re = values[i], im = values[i + 1];
            if (!BitConverter.IsLittleEndian)
            {
                re = BinaryPrimitives.ReverseEndianness((short)re);
                im = BinaryPrimitives.ReverseEndianness((short)im);
            }

            clipped += re is short.MinValue or short.MaxValue || im is short.MinValue or short.MaxValue ? 1 : 0;
            power += ((double)re * re) + ((double)im * im);
            output[i] = re * scale;
            output[i + 1] = im * scale;
        }

        return new BlockTotals(clipped, power);
    }

    private static int CountClippedCi16(ReadOnlySpan<short> values)
    {
        var clipped = 0;
        for (var i = 0; i < values.Length; i += 2)
        {
            clipped += values[i] is short.MinValue or short.MaxValue || values[i + 1] is short.MinValue or short.MaxValue ? 1 : 0;
        }

        return clipped;
    }

    /// <summary>Real int16 samples as x + 0j (value / 32768); clipped at −32768 or 32767.</summary>
    private static BlockTotals DecodeRi16(ReadOnlySpan<byte> source, Span<Complex> destination)
    {
        var clipped = 0;
        var power = 0.0;
        for (var i = 0; i < destination.Length; i++)
        {
            int value = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
            clipped += value is short.MinValue or short.MaxValue ? 1 : 0;
            power += (double)value * value;
            destination[i] = new Complex(value / 32768.0, 0);
        }

        return new BlockTotals(clipped, power);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockTotals DecodeCu8(ReadOnlySpan<byte> source, Span<Complex> destination)
    {
        const double scale = 1.0 / 255;
        var output = MemoryMarshal.Cast<Complex, double>(destination);
        var clipped = 0;
        var power = 0.0;
        for (var i = 0; i < source.Length; i += 2)
        {
            // 2·value − 255 is an odd integer in −255…255: (value − 127.5)/127.5 = (2·value − 255)/255.
            int re = (2 * source[i]) - 255, im = (2 * source[i + 1]) - 255;
            clipped += re is -255 or 255 || im is -255 or 255 ? 1 : 0;
            power += (re * re) + (im * im);
            output[i] = re * scale;
            output[i + 1] = im * scale;
        }

        return new BlockTotals(clipped, power);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockTotals DecodeCf32(ReadOnlySpan<byte> source, Span<Complex> destination, long firstSampleIndex)
    {
        var values = MemoryMarshal.Cast<byte, float>(source);
        var output = MemoryMarshal.Cast<Complex, double>(destination);
        var power = 0.0;
        for (var i = 0; i < values.Length; i += 2)
        {
            float re = values[i], im = values[i + 1];
            if (!BitConverter.IsLittleEndian)
            {
                re = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                im = BinaryPrimitives.ReadSingleLittleEndian(source[((4 * i) + 4)..]);
            }

            if (!float.IsFinite(re) || !float.IsFinite(im))
            {
                throw new IqDataException(
                    $"cf32_le sample {firstSampleIndex + (i / 2)} is not a finite number (I = {re}, Q = {im}); NaN and infinity cannot be measured.");
            }

            power += ((double)re * re) + ((double)im * im);
            output[i] = re;
            output[i + 1] = im;
        }

        return new BlockTotals(0, power);
    }
}
