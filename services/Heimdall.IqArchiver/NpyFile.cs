using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Heimdall.Signal;

namespace Heimdall.IqArchiver;

/// <summary>A one-dimensional complex64 .npy file (NumPy format 1.0) of the capture, normalised to full scale.</summary>
public static class NpyFile
{
    public static byte[] FromIq(ReadOnlySpan<byte> iq, SampleFormat format)
    {
        if (iq.Length % format.BytesPerSample() != 0)
        {
            throw new ArgumentException(
                $"IQ data of {iq.Length} bytes is not a whole number of {format.ToSigMf()} samples ({format.BytesPerSample()} bytes each).", nameof(iq));
        }

        var count = iq.Length / format.BytesPerSample();
        var header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<c8', 'fortran_order': False, 'shape': ({count},), }}");
        const int preamble = 10; // magic (6) + version (2) + header length (2)
        var padded = (preamble + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(padded - preamble - 1) + "\n";

        var file = new byte[preamble + header.Length + (count * 8)];
        file[0] = 0x93; // the magic string is the byte 0x93, then ASCII "NUMPY"
        "NUMPY"u8.CopyTo(file.AsSpan(1));
        file[6] = 1;
        file[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, file.AsSpan(preamble));
        var data = file.AsSpan(preamble + header.Length);
        if (format == SampleFormat.Cf32Le)
        {
            // cf32_le is already little-endian complex64: archived as it is, NaN and all.
            iq.CopyTo(data);
            return file;
        }

        var samples = IqDecoder.Decode(iq, format);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data[(i * 8)..], (float)samples[i].Real);
            BinaryPrimitives.WriteSingleLittleEndian(data[((i * 8) + 4)..], (float)samples[i].Imaginary);
        }

        return file;
    }
}
