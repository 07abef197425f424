using System.Buffers.Binary;

namespace Heimdall.Signal.Tests;

public class ClippingTests
{
    [Test]
    public void Ci16_clipping_Should_count_samples_with_I_or_Q_at_either_rail()
    {
        // 20 samples; I = 32767 in #0, Q = −32768 in #3, both in #7, I = −32768 in #12, Q = 32767 in #19: 5 of 20 clipped.
        var bytes = new byte[20 * 4];
        for (var i = 0; i < 20; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * i), (short)(100 * i));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * i) + 2), (short)(-100 * i));
        }

        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(0), short.MaxValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * 3) + 2), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * 7), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * 7) + 2), short.MaxValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4 * 12), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((4 * 19) + 2), short.MaxValue);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Ci16Le, 12_000);

        Assert.That(m.ClippingFraction, Is.EqualTo(0.25).Within(1e-15));
    }

    [Test]
    public void Cu8_clipping_Should_count_samples_with_I_or_Q_at_0_or_255()
    {
        // 16 samples at mid scale; #2 has I = 0, #5 has Q = 255, #9 has I = 255 and Q = 0: 3 of 16.
        var bytes = Enumerable.Repeat((byte)128, 32).ToArray();
        bytes[4] = 0;
        bytes[11] = 255;
        bytes[18] = 255;
        bytes[19] = 0;
        bytes[20] = 1;
        bytes[21] = 254;

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Cu8, 12_000);

        Assert.That(m.ClippingFraction, Is.EqualTo(3.0 / 16).Within(1e-15));
    }

    [Test]
    public void Cf32_clipping_Should_be_zero_because_floats_do_not_clip()
    {
        // 16 samples; #1 has I = 1.0, #4 has Q = −1.25: beyond full scale, but a float holds them without clipping.
        var bytes = new byte[16 * 8];
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), 1.0f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((8 * 4) + 4), -1.25f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((8 * 6) + 4), 0.999f);

        var m = SignalAnalyzer.Measure(bytes, SampleFormat.Cf32Le, 12_000);

        Assert.That(m.ClippingFraction, Is.Zero);
    }
}
