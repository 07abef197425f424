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
        var samples = IqDecoder.Decode(iq, format);
        var header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<c8', 'fortran_order': False, 'shape': ({samples.Length},), }}");
        const int preamble = 10; // magic (6) + version (2) + header length (2)
        var padded = (preamble + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(padded - preamble - 1) + "\n";

        var file = new byte[preamble + header.Length + (samples.Length * 8)];
        "\u0093NUMPY"u8.CopyTo(file);
        file[0] = 0x93;
        file[6] = 1;
        file[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, file.AsSpan(preamble));
        var data = file.AsSpan(preamble + header.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data[(i * 8)..], (float)samples[i].Real);
            BinaryPrimitives.WriteSingleLittleEndian(data[((i * 8) + 4)..], (float)samples[i].Imaginary);
        }

        return file;
    }
}
