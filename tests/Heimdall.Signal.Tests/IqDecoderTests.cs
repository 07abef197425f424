using System.Buffers.Binary;

namespace Heimdall.Signal.Tests;

public class IqDecoderTests
{
    [Test]
    public void Ci16_Should_divide_by_32768()
    {
        byte[] data = [0x00, 0x80, 0xFF, 0x7F, 0x00, 0x40, 0x00, 0xC0];

        var samples = IqDecoder.Decode(data, SampleFormat.Ci16Le);

        Assert.That(samples, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(samples[0].Real, Is.EqualTo(-1.0).Within(1e-15));
            Assert.That(samples[0].Imaginary, Is.EqualTo(32767 / 32768.0).Within(1e-15));
            Assert.That(samples[1].Real, Is.EqualTo(0.5).Within(1e-15));
            Assert.That(samples[1].Imaginary, Is.EqualTo(-0.5).Within(1e-15));
        });
    }

    [Test]
    public void Cu8_Should_centre_on_127_5()
    {
        byte[] data = [0, 255, 127, 128];

        var samples = IqDecoder.Decode(data, SampleFormat.Cu8);

        Assert.That(samples, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(samples[0].Real, Is.EqualTo(-1.0).Within(1e-15));
            Assert.That(samples[0].Imaginary, Is.EqualTo(1.0).Within(1e-15));
            Assert.That(samples[1].Real, Is.EqualTo(-0.5 / 127.5).Within(1e-15));
            Assert.That(samples[1].Imaginary, Is.EqualTo(0.5 / 127.5).Within(1e-15));
        });
    }

    [Test]
    public void Cf32_Should_be_taken_as_is()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(0), 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8), 1e-3f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(12), 0f);

        var samples = IqDecoder.Decode(data, SampleFormat.Cf32Le);

        Assert.That(samples, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(samples[0].Real, Is.EqualTo(0.25).Within(0));
            Assert.That(samples[0].Imaginary, Is.EqualTo(-1.5).Within(0));
            Assert.That(samples[1].Real, Is.EqualTo((double)1e-3f).Within(0));
            Assert.That(samples[1].Imaginary, Is.EqualTo(0.0).Within(0));
        });
    }

    [Test]
    public void When_data_is_empty_Decode_Should_return_no_samples()
    {
        Assert.That(IqDecoder.Decode([], SampleFormat.Ci16Le), Is.Empty);
    }

    [TestCase(SampleFormat.Ci16Le, 6)]
    [TestCase(SampleFormat.Cu8, 3)]
    [TestCase(SampleFormat.Cf32Le, 12)]
    public void When_length_is_not_whole_samples_Decode_Should_throw_ArgumentException(SampleFormat format, int length)
    {
        var data = new byte[length];

        Assert.That(
            () => IqDecoder.Decode(data, format),
            Throws.ArgumentException.With.Message.Contains("not a whole number of " + format.ToSigMf() + " samples"));
    }
}
