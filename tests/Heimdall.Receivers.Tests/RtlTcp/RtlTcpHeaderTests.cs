using Heimdall.Receivers.RtlTcp;

namespace Heimdall.Receivers.Tests.RtlTcp;

public sealed class RtlTcpHeaderTests
{
    [Test]
    public void Should_read_the_tuner_type_and_gain_count_big_endian()
    {
        byte[] bytes = [(byte)'R', (byte)'T', (byte)'L', (byte)'0', 0, 0, 0, 5, 0, 0, 0, 29];
        var header = RtlTcpHeader.TryParse(bytes, out var problem);
        Assert.Multiple(() =>
        {
            Assert.That(problem, Is.Null);
            Assert.That(header, Is.EqualTo(new RtlTcpHeader(5, 29)));
            Assert.That(header!.Describe(), Is.EqualTo("rtl_tcp, R820T tuner, 29 gain steps"));
        });
    }

    [Test]
    public void When_the_magic_is_wrong_Should_show_it_as_text_and_hex()
    {
        var header = RtlTcpHeader.TryParse("HTTP/1.1 400"u8, out var problem);
        Assert.That(header, Is.Null);
        Assert.That(problem, Is.EqualTo("'HTTP' (hex 48545450) where an rtl_tcp server sends the magic 'RTL0' (first 12 bytes: hex 485454502F312E3120343030)"));
    }

    [Test]
    public void Commands_Should_be_five_bytes_code_then_big_endian_parameter()
    {
        var bytes = RtlTcpCommand.Encode([new RtlTcpCommand(RtlTcpCommandCode.CenterFrequency, 145_500_000), RtlTcpCommand.FromSigned(RtlTcpCommandCode.FrequencyCorrection, -12)]);
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("0108AC2760" + "05FFFFFFF4"));
    }

    [TestCase(5u, 30.0, 297)]
    [TestCase(5u, 0.0, 0)]
    [TestCase(5u, 60.0, 496)]
    [TestCase(1u, 30.0, 290)]
    [TestCase(2u, -20.0, -99)]
    [TestCase(0u, 12.34, 123)]
    public void Gains_Should_snap_to_the_tuner_s_nearest_step(uint tuner, double gainDb, int tenths) =>
        Assert.That(RtlTuner.NearestGainTenths(tuner, gainDb), Is.EqualTo(tenths));
}
