using System.Buffers.Binary;

namespace Heimdall.Signal;

/// <summary>
/// Fraction of complex samples with I or Q at full scale: <c>ci16_le</c> −32768 or 32767; <c>cu8</c> 0 or 255;
/// <c>cf32_le</c> |I| or |Q| ≥ 1.0.
/// </summary>
internal static class ClippingCounter
{
    /// <summary>Clipped complex samples divided by all complex samples (0 for empty data). The length must be whole samples.</summary>
    public static double Fraction(ReadOnlySpan<byte> data, SampleFormat format)
    {
        var bytesPerComponent = format.BytesPerSample() / 2;
        var components = data.Length / bytesPerComponent;
        var samples = components / 2;
        if (samples == 0)
        {
            return 0;
        }

        var clipped = 0;
        for (var s = 0; s < samples; s++)
        {
            var offset = s * 2 * bytesPerComponent;
            if (IsFullScale(data.Slice(offset, bytesPerComponent), format)
                || IsFullScale(data.Slice(offset + bytesPerComponent, bytesPerComponent), format))
            {
                clipped++;
            }
        }

        return (double)clipped / samples;
    }

    private static bool IsFullScale(ReadOnlySpan<byte> component, SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le => BinaryPrimitives.ReadInt16LittleEndian(component) is short.MinValue or short.MaxValue,
        SampleFormat.Cu8 => component[0] is byte.MinValue or byte.MaxValue,
        SampleFormat.Cf32Le => Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(component)) >= 1.0f,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };
}
