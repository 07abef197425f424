using System.Buffers.Binary;
using Heimdall.Receivers.KiwiSdr;

namespace Heimdall.Receivers.Tests.KiwiSdr;

public sealed class KiwiSndFrameTests
{
    private static byte[] Frame(byte flags = 0x08, int samples = 512, uint seconds = 585_018, uint nanoseconds = 5, byte age = 3)
    {
        var frame = new byte[20 + (samples * 4)];
        "SND"u8.CopyTo(frame);
        frame[3] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), 77);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(8), 470);
        frame[10] = age;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(16), nanoseconds);
        for (var i = 0; i < samples * 2; i++)
        {
            if ((flags & 0x80) != 0)
            {
                BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(20 + (i * 2)), (short)(i - 300));
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(20 + (i * 2)), (short)(i - 300));
            }
        }

        return frame;
    }

    [TestCase((byte)0x08)]
    [TestCase((byte)0x88)]
    public void Should_read_the_header_the_GNSS_stamp_and_the_samples_as_ci16_le(byte flags)
    {
        Assert.That(KiwiSndFrame.TryParse(Frame(flags), out var frame, out var error), Is.True, error);
        var samples = new byte[512 * 4];
        frame.CopySamplesAsLittleEndian(0, 512, samples);
        Assert.Multiple(() =>
        {
            Assert.That(frame.Sequence, Is.EqualTo(77));
            Assert.That(frame.SMeterDbm, Is.EqualTo(-80).Within(1e-9));
            Assert.That(frame.Gnss, Is.EqualTo(new KiwiGnssHeader(3, 585_018, 5)));
            Assert.That(frame.SampleCount, Is.EqualTo(512));
            Assert.That(frame.IsLittleEndian, Is.EqualTo(flags == 0x88));
            Assert.That(Enumerable.Range(0, 1024).All(i => BinaryPrimitives.ReadInt16LittleEndian(samples.AsSpan(i * 2)) == i - 300), Is.True);
        });
    }

    [Test]
    public void When_the_frame_is_not_SND_or_too_short_or_not_IQ_or_torn_or_out_of_range_Should_say_which()
    {
        static string Error(byte[] bytes) => KiwiSndFrame.TryParse(bytes, out _, out var error) ? "" : error;
        var junk = Frame();
        junk[0] = 0xFF;
        Assert.Multiple(() =>
        {
            Assert.That(Error(junk), Does.StartWith("not an SND frame (starts FF4E44"));
            Assert.That(Error(Frame()[..15]), Is.EqualTo("short SND frame: 15 bytes, less than the 20-byte IQ header"));
            Assert.That(Error(Frame(flags: 0x00)), Does.StartWith("SND frame with flags 0x00: not uncompressed IQ"));
            Assert.That(Error(Frame(flags: 0x18)), Does.StartWith("SND frame with flags 0x18: not uncompressed IQ"));
            Assert.That(Error(Frame()[..2066]), Does.StartWith("SND frame of 2066 bytes: its 2046 sample bytes are not a whole number"));
            Assert.That(Error(Frame()[..20]), Does.StartWith("SND frame of 20 bytes: its 0 sample bytes"));
            Assert.That(Error(Frame(seconds: 604_800)), Is.EqualTo("SND frame with an impossible GNSS time of week 604800 s + 5 ns"));
        });
    }

    [Test]
    public void Should_recognise_a_Kiwi_tag_and_reject_a_non_ASCII_one()
    {
        Assert.That(KiwiSndFrame.Tag("MSG x=1"u8), Is.EqualTo("MSG"));
        Assert.That(KiwiSndFrame.Tag("W/F"u8), Is.EqualTo("W/F"));
        Assert.That(KiwiSndFrame.Tag([0x00, 0xFF, 0x13, 0x37]), Is.Null);
        Assert.That(KiwiSndFrame.Tag("SN"u8), Is.Null);
    }

    [Test]
    public void A_MSG_frame_Should_give_its_parameters_percent_decoded()
    {
        var message = KiwiMessage.Parse("MSG reason_disabled=Back%20at%2018%3A00%20UTC down=0 cfg_loaded"u8);
        Assert.Multiple(() =>
        {
            Assert.That(message["reason_disabled"], Is.EqualTo("Back at 18:00 UTC"));
            Assert.That(message["down"], Is.EqualTo("0"));
            Assert.That(message.Has("cfg_loaded"), Is.True);
            Assert.That(message["cfg_loaded"], Is.Null);
            Assert.That(message.Quote(), Is.EqualTo("'MSG reason_disabled=Back%20at%2018%3A00%20UTC down=0 cfg_loaded'"));
        });
    }
}
