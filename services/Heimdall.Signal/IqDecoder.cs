using System.Numerics;

namespace Heimdall.Signal;

/// <summary>Decodes raw I/Q bytes into complex samples normalised to full scale (|x| = 1 is 0 dBFS).</summary>
public static class IqDecoder
{
    /// <summary>
    /// Decodes <paramref name="data"/> into one complex sample per <see cref="SampleFormats.BytesPerSample"/> bytes.
    /// Scaling: <c>ci16_le</c> value / 32768; <c>cu8</c> (value − 127.5) / 127.5; <c>cf32_le</c> as stored.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="data"/> is not a whole number of complex samples.</exception>
    /// <exception cref="IqDataException">A cf32_le value is NaN or infinite.</exception>
    public static Complex[] Decode(ReadOnlySpan<byte> data, SampleFormat format)
    {
        var bytesPerSample = format.BytesPerSample();
        if (data.Length % bytesPerSample != 0)
        {
            throw new ArgumentException(
                $"IQ data of {data.Length} bytes is not a whole number of {format.ToSigMf()} samples ({bytesPerSample} bytes each).",
                nameof(data));
        }

        var samples = new Complex[data.Length / bytesPerSample];
        IqBlockDecoder.Decode(data, format, samples, firstSampleIndex: 0);
        return samples;
    }
}
