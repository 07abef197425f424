using Heimdall.Localisation.Input;
using Heimdall.Signal;
using Heimdall.Signal.Tests.Timing;
using Heimdall.Signal.Timing;

namespace Heimdall.Localisation.Tests;

public sealed class KiwiWavCaptureTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 18, 30, 0, TimeSpan.Zero);

    private static short[] Samples(int block) => Enumerable.Range(0, 1024).Select(i => (short)(i % 2 == 0 ? 3000 : -3000)).ToArray();

    [Test]
    public void When_a_kiwi_wav_file_is_read_Should_take_the_station_and_frequency_from_its_name_and_drop_the_unstamped_first_block()
    {
        var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(30, 12_001.0843, 585_018, Samples));

        var capture = KiwiWavCapture.Create("20261128T183000Z_77500_HB9ODP_iq.wav", file, new Geodesy.GeoPosition(46.5, 8.8));

        Assert.Multiple(() =>
        {
            Assert.That(capture.Name, Is.EqualTo("HB9ODP"));
            Assert.That(capture.CenterFrequencyHz, Is.EqualTo(77_500));
            Assert.That(capture.Samples, Has.Length.EqualTo(29 * 512));
            Assert.That(capture.Samples[0].Real, Is.EqualTo(3000 / 32768.0));
            Assert.That(capture.Clock!.SampleRateHz, Is.EqualTo(12_001.0843).Within(1e-3));
            // The clock starts at the first kept sample: the second block's stamp.
            Assert.That(capture.Clock.StartGpsNanoseconds - KiwiGnssClock.ToGpsNanoseconds(Start), Is.EqualTo((long)Math.Round(512 * 1e9 / 12_001.0843)).Within(2));
            Assert.That(capture.Clock.StampCount, Is.EqualTo(29));
            Assert.That(capture.Clock.Source, Is.EqualTo("gnss"));
        });
    }

    [Test]
    public void When_every_block_is_stale_Should_give_a_capture_without_a_clock_and_the_reason()
    {
        var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(10, 12_001.0843, 585_018, Samples, _ => 45));

        var capture = KiwiWavCapture.Create("20261128T183000Z_77500_HB9ODP_iq.wav", file, null);

        Assert.Multiple(() =>
        {
            Assert.That(capture.Clock, Is.Null);
            Assert.That(capture.ClockProblem, Is.EqualTo("no usable GNSS stamp: every block's GNSS solution is older than 30 s"));
            Assert.That(capture.Warnings, Has.Some.EqualTo("9 block(s) carried a GNSS solution older than 30 s and were left out of the fit."));
        });
    }

    [Test]
    public void When_the_name_is_not_kiwirecorders_Should_refuse_saying_why_it_matters()
    {
        var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(3, 12_001.0843, 585_018, Samples));

        Assert.That(() => KiwiWavCapture.Create("capture.wav", file, null), Throws.InstanceOf<IqDataException>().With.Message.Contains("its UTC time gives the GPS week"));
    }
}
