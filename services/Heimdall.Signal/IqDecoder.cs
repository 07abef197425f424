using System.Buffers.Binary;
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
        switch (format)
        {
            case SampleFormat.Ci16Le:
                for (var i = 0; i < samples.Length; i++)
                {
                    var iq = data.Slice(i * 4, 4);
                    samples[i] = new Complex(
                        BinaryPrimitives.ReadInt16LittleEndian(iq) / 32768.0,
                        BinaryPrimitives.ReadInt16LittleEndian(iq[2..]) / 32768.0);
                }

                break;
            case SampleFormat.Cu8:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = new Complex((data[2 * i] - 127.5) / 127.5, (data[(2 * i) + 1] - 127.5) / 127.5);
                }

                break;
            case SampleFormat.Cf32Le:
                for (var i = 0; i < samples.Length; i++)
                {
                    var iq = data.Slice(i * 8, 8);
                    samples[i] = new Complex(
                        BinaryPrimitives.ReadSingleLittleEndian(iq),
                        BinaryPrimitives.ReadSingleLittleEndian(iq[4..]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format.");
        }

        return samples;
    }
}
