using Heimdall.Signal.Timing;

namespace Heimdall.Signal.Tests.Timing;

public sealed class KiwiWavTests
{
    // 2026-11-28T18:30:00Z is GPS week 2446, second of week 585 018 (KiwiGnssClockTests).
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 18, 30, 0, TimeSpan.Zero);
    private const double StartOfWeek = 585_018;
    private const double Rate = 12_001.0843;

    private static short[] Ramp(int block) => Enumerable.Range(0, 1024).Select(i => (short)((block * 7) + i - 512)).ToArray();

    [Test]
    public void When_a_file_is_parsed_Should_give_the_nominal_rate_every_sample_in_order_and_one_stamp_per_block()
    {
        var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(4, Rate, StartOfWeek, Ramp));

        var wav = KiwiWav.Parse(file);

        Assert.Multiple(() =>
        {
            Assert.That(wav.NominalSampleRateHz, Is.EqualTo(12001));
            Assert.That(wav.SampleCount, Is.EqualTo(4 * 512));
            Assert.That(wav.Blocks.Select(b => b.SampleIndex), Is.EqualTo(new long[] { 0, 512, 1024, 1536 }));
            Assert.That(wav.Blocks[0].Stamp!.IsZero, Is.True);
            Assert.That(wav.Blocks[2].Stamp!.SecondsOfWeek, Is.EqualTo(585_018u));
            Assert.That(BitConverter.ToInt16(wav.Iq, 4 * 512 * 2), Is.EqualTo(Ramp(2)[0]));
        });
    }

    [Test]
    public void When_the_stamps_follow_one_clock_the_timing_Should_give_its_rate_and_start_and_drop_the_zero_first_block()
    {
        var wav = KiwiWav.Parse(KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(40, Rate, StartOfWeek, Ramp)));

        var timing = KiwiWavTiming.From(wav, Start);

        var expectedStart = KiwiGnssClock.ToGpsNanoseconds(Start);
        Assert.Multiple(() =>
        {
            Assert.That(timing.Unusable, Is.Null);
            Assert.That(timing.FirstSample, Is.EqualTo(512));
            Assert.That(timing.StampsUsed, Is.EqualTo(39));
            Assert.That(timing.Fit!.SampleRateHz, Is.EqualTo(Rate).Within(1e-3));
            Assert.That(timing.Fit.StartGpsNanoseconds, Is.EqualTo(expectedStart).Within(2));
            Assert.That(timing.Warnings, Has.One.Contains("the first block (512 samples) has no GNSS stamp"));
        });
    }

    [Test]
    public void When_some_blocks_are_stale_absent_or_off_the_line_Should_leave_them_out_and_count_each_in_a_warning()
    {
        var blocks = KiwiWavWriter.Clock(40, Rate, StartOfWeek, Ramp, b => b switch { 5 => 255, 6 or 7 => 31, _ => 1 });
        blocks[9] = blocks[9] with { SecondsOfWeek = blocks[9].SecondsOfWeek - 3 };
        var wav = KiwiWav.Parse(KiwiWavWriter.Write(12001, blocks));

        var timing = KiwiWavTiming.From(wav, Start);

        Assert.Multiple(() =>
        {
            Assert.That(timing.StampsUsed, Is.EqualTo(39 - 4));
            Assert.That(timing.Fit!.SampleRateHz, Is.EqualTo(Rate).Within(1e-3));
            Assert.That(timing.Warnings, Has.One.EqualTo("1 block(s) had no GNSS clock (last_gps_solution = 255) and were left out of the fit."));
            Assert.That(timing.Warnings, Has.One.EqualTo("2 block(s) carried a GNSS solution older than 30 s and were left out of the fit."));
            Assert.That(timing.Warnings, Has.One.StartWith("1 GNSS stamp(s) lay more than half a sample off the line"));
        });
    }

    [Test]
    public void When_no_block_has_a_GNSS_clock_Should_have_no_time_base_and_say_why()
    {
        var wav = KiwiWav.Parse(KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(10, Rate, StartOfWeek, Ramp, _ => 255)));

        var timing = KiwiWavTiming.From(wav, Start);

        Assert.Multiple(() =>
        {
            Assert.That(timing.Fit, Is.Null);
            Assert.That(timing.Unusable, Is.EqualTo("no usable GNSS stamp: every block has last_gps_solution = 255 (the KiwiSDR has no GNSS clock)"));
        });
    }

    [Test]
    public void When_every_solution_is_stale_Should_have_no_time_base_and_say_so()
    {
        var wav = KiwiWav.Parse(KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(10, Rate, StartOfWeek, Ramp, _ => 60)));

        Assert.That(KiwiWavTiming.From(wav, Start).Unusable, Is.EqualTo("no usable GNSS stamp: every block's GNSS solution is older than 30 s"));
    }

    [Test]
    public void When_the_stamps_run_far_from_the_nominal_rate_Should_have_no_time_base_and_say_why()
    {
        var wav = KiwiWav.Parse(KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(10, Rate * 2, StartOfWeek, Ramp)));

        Assert.That(KiwiWavTiming.From(wav, Start).Unusable, Does.StartWith("the GNSS stamps give 24002.169 Hz, more than 1 % from the file's nominal 12001 Hz"));
    }

    [TestCase(new byte[] { 1, 2, 3 }, "not a RIFF/WAVE file")]
    [TestCase(new byte[] { 0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 }, "no 'fmt ' chunk")]
    public void When_the_bytes_are_not_a_kiwi_wav_file_Should_throw_naming_the_problem(byte[] bytes, string problem)
    {
        Assert.That(() => KiwiWav.Parse(bytes), Throws.InstanceOf<IqDataException>().With.Message.Contains(problem));
    }

    [Test]
    public void When_a_chunk_is_truncated_Should_throw_naming_its_offset()
    {
        var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(2, Rate, StartOfWeek, Ramp));

        Assert.That(() => KiwiWav.Parse(file.AsSpan(0, file.Length - 100)), Throws.InstanceOf<IqDataException>()
            .With.Message.Matches(@"chunk 'data' at byte \d+ declares 2048 bytes but only 1948 follow: the file is truncated"));
    }

    [TestCase("20200813T065220Z_77500_HB9ODP_iq.wav", "2020-08-13T06:52:20Z", 77500, "HB9ODP")]
    [TestCase("/data/20240101T000000Z_10000000_my_station_iq.wav", "2024-01-01T00:00:00Z", 10_000_000, "my_station")]
    [TestCase("20240101T000000Z_7074.5_W1AW.wav", "2024-01-01T00:00:00Z", 7074.5, "W1AW")]
    public void When_a_kiwirecorder_name_is_read_Should_give_its_start_frequency_and_station(string path, string start, double frequency, string station)
    {
        Assert.That(KiwiWavName.TryParse(path, out var name), Is.True);
        Assert.That(name, Is.EqualTo(new KiwiWavName(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), frequency, station)));
    }

    [TestCase("recording.wav")]
    [TestCase("20200813_77500_HB9ODP_iq.wav")]
    [TestCase("20200813T065220Z_77500_HB9ODP_iq.sigmf-meta")]
    public void When_a_name_is_not_kiwirecorders_Should_not_parse(string path) => Assert.That(KiwiWavName.TryParse(path, out _), Is.False);
}
