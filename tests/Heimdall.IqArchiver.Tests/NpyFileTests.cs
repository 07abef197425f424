using System.Buffers.Binary;
using System.Text;
using Heimdall.Signal;

namespace Heimdall.IqArchiver.Tests;

public class NpyFileTests
{
    [Test]
    public void Ci16_Should_become_complex64_normalised_to_full_scale_after_a_64_byte_aligned_header()
    {
        byte[] iq = [0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F, 0x00, 0x80]; // (16384, −16384), (32767, −32768)

        var file = NpyFile.FromIq(iq, SampleFormat.Ci16Le);

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        var header = Encoding.ASCII.GetString(file, 10, headerLength);
        var data = file.AsSpan(10 + headerLength).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(file.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }));
            Assert.That((10 + headerLength) % 64, Is.Zero);
            Assert.That(header, Does.StartWith("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }").And.EndWith("\n"));
            Assert.That(data.Length, Is.EqualTo(16));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan()), Is.EqualTo(0.5f));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4)), Is.EqualTo(-0.5f));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(8)), Is.EqualTo(32767f / 32768f));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(12)), Is.EqualTo(-1f));
        });
    }

    [Test]
    public void Cf32_Should_be_copied_as_it_is_even_NaN()
    {
        var iq = new byte[16];
        BinaryPrimitives.WriteSingleLittleEndian(iq, 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(iq.AsSpan(4), float.NaN);
        BinaryPrimitives.WriteSingleLittleEndian(iq.AsSpan(8), -3f);

        var file = NpyFile.FromIq(iq, SampleFormat.Cf32Le);

        Assert.That(file.AsSpan(file.Length - 16).ToArray(), Is.EqualTo(iq));
    }

    [Test]
    public void A_torn_last_sample_Should_be_refused_naming_the_format()
    {
        Assert.That(() => NpyFile.FromIq(new byte[10], SampleFormat.Cf32Le),
            Throws.ArgumentException.With.Message.StartsWith("IQ data of 10 bytes is not a whole number of cf32_le samples (8 bytes each)."));
    }
}
