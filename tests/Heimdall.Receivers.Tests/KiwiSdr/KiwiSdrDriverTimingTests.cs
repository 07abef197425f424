using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using Heimdall.Signal;
using static Heimdall.Receivers.Tests.KiwiSdr.KiwiTestKit;

namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>
/// GNSS timing against the emulator's simulated GPS clock: the start within one sample of startAtUtc, the rate within
/// 0.01 Hz of the true one, every stamp and the samples themselves as sent, across a GPS week rollover too.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class KiwiSdrDriverTimingTests
{
    /// <summary>
    /// How far ahead the timed captures start: the driver's discard period after tuning (2 s) and its connect lead
    /// (1.5 s), so the start is met exactly however slowly a loaded machine runs the handshake.
    /// </summary>
    private const double StartLeadSeconds = 3.6;

    private static readonly KiwiEmulatorOptions Tone = new() { FullSpeed = true, ToneFrequencyHz = TuneHz + 1_234.5, SnrDb = 20 };

    private static void AssertGnssTiming(RawCapture capture, KiwiEmulatorOptions options, KiwiEmulatorSession session, CaptureRequest request)
    {
        var timing = capture.Timing;
        var samplePeriod = TimeSpan.FromSeconds(1 / options.TrueSampleRateHz);
        var first = FirstSampleInStream(session, timing.Stamps[0]);
        var packet0 = session.Packets[0];
        var truth = EmulatorUtc(packet0.TrueGpsNanoseconds + (long)Math.Round(first * 1e9 / options.TrueSampleRateHz));
        Assert.Multiple(() =>
        {
            Assert.That(capture.SampleCount, Is.EqualTo(request.SampleCount));
            Assert.That(capture.Iq, Has.Length.EqualTo(request.SampleCount * 4));
            Assert.That(capture.Format, Is.EqualTo(SampleFormat.Ci16Le));
            Assert.That(timing.Source, Is.EqualTo(TimingSources.Gnss));
            Assert.That(timing.MeasuredSampleRateHz, Is.EqualTo(options.TrueSampleRateHz).Within(0.01));
            Assert.That(capture.SampleRateHz, Is.EqualTo(timing.MeasuredSampleRateHz));
            Assert.That(timing.AnnouncedSampleRateHz, Is.EqualTo(options.AnnouncedSampleRateHz));
            Assert.That(timing.ReceiverVersion, Is.EqualTo($"KiwiSDR {options.VersionMajor}.{options.VersionMinor:000}"));
            Assert.That(timing.SequenceGaps, Is.Zero);

            // The first sample delivered is the first at or after the start, by the true GPS clock (stamp jitter allowed).
            Assert.That(truth - request.StartAtUtc, Is.InRange(TimeSpan.FromTicks(-10), samplePeriod + TimeSpan.FromTicks(10)));
            Assert.That((capture.CaptureStartUtc - truth).Duration(), Is.LessThanOrEqualTo(StartTolerance(timing, options)), "the fitted start against the truth");

            // One stamp per packet that starts inside the capture, 512 samples apart, each the emulator's own.
            Assert.That(timing.Stamps.Select(s => s.SampleIndex), Is.EqualTo(Enumerable.Range(0, timing.Stamps.Length).Select(i => timing.Stamps[0].SampleIndex + (i * 512L))));
            Assert.That(timing.Stamps[0].SampleIndex, Is.InRange(0, 511));
            Assert.That(timing.Stamps, Has.Length.EqualTo((int)Math.Ceiling((request.SampleCount - timing.Stamps[0].SampleIndex) / 512.0)));
            foreach (var stamp in timing.Stamps)
            {
                var sent = session.Packets.Single(p => p.FirstSample == first + stamp.SampleIndex);
                Assert.That(stamp.Utc, Is.EqualTo(EmulatorUtc(sent.SentGpsNanoseconds)), $"stamp at sample {stamp.SampleIndex}");
            }

            // The emulator's jitter per stamp, seen in the residuals of a straight line through them.
            var (low, high) = StampResidualRange.RmsNs(timing.Stamps.Length, options.StampJitterNs);
            Assert.That(timing.StampResidualRmsNs, Is.InRange(low, high));
            Assert.That(timing.StampResidualMaxNs, Is.InRange(timing.StampResidualRmsNs!.Value, StampResidualRange.MaxNs(options.StampJitterNs)));
            Assert.That(capture.Iq, Is.EqualTo(ExpectedSamples(options, session, first, request.SampleCount)), "the samples as sent, first packet and discard period dropped");
        });
    }

    /// <summary>
    /// How far the fitted start may honestly be from the truth: six standard errors of a least-squares line's value at
    /// sample 0, from the stamps' jitter and where they lie (sigma * sqrt(1/n + mean^2/Sxx)), plus a tick of rounding on
    /// each side. A fixed bound fails now and then on a capture with few stamps.
    /// </summary>
    private static TimeSpan StartTolerance(CaptureTiming timing, KiwiEmulatorOptions options)
    {
        var indices = timing.Stamps.Select(s => (double)s.SampleIndex).ToArray();
        var mean = indices.Average();
        var sxx = indices.Sum(i => (i - mean) * (i - mean));
        var standardErrorNs = options.StampJitterNs * Math.Sqrt((1.0 / indices.Length) + (mean * mean / sxx));
        return TimeSpan.FromTicks(2 + (long)Math.Ceiling(6 * standardErrorNs / 100));
    }

    /// <summary>A capture asked to start now starts after the discard period: that warning is tested on its own.</summary>
    private static string[] WithoutLateStart(string[] warnings)
    {
        Assert.That(warnings.Count(w => w.StartsWith("the first sample is ", StringComparison.Ordinal)), Is.EqualTo(1), "the late start is flagged");
        return [.. warnings.Where(w => !w.StartsWith("the first sample is ", StringComparison.Ordinal))];
    }

    [Test]
    public async Task When_the_start_is_now_Should_start_after_the_discard_period_and_say_how_late()
    {
        await using var kiwi = new KiwiEmulator(Tone);
        var capture = await Driver().CaptureAsync(Receiver(kiwi), Request(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.Gnss));
        Assert.That(capture.Timing.Warnings, Has.Length.EqualTo(1));
        Assert.That(capture.Timing.Warnings[0], Does.Match(
            @"^the first sample is [2-9]\.\d{3} s after startAtUtc: a session needs settings\.discardSeconds \(2 s\) after tuning plus its handshake before it delivers; a start at least 3\.5 s ahead is met exactly\.$"));
    }

    [Test]
    public async Task When_the_start_lies_ahead_Should_deliver_exactly_the_requested_samples_from_the_first_at_or_after_it_by_GNSS_time()
    {
        await using var kiwi = new KiwiEmulator(Tone);
        var request = Request(DateTimeOffset.UtcNow.AddSeconds(StartLeadSeconds), samples: 12_000);

        var capture = await Driver().CaptureAsync(Receiver(kiwi), request, CancellationToken.None);

        var session = kiwi.Sessions.Single();
        AssertGnssTiming(capture, Tone, session, request);
        Assert.That(capture.Timing.GnssSolutionAgeSeconds, Is.EqualTo(2));
        Assert.That(capture.Timing.Warnings, Is.Empty);
        var measured = SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz);
        Assert.That(measured.FrequencyOffsetHz, Is.EqualTo(1_234.5).Within(1));
        Assert.That(measured.SnrDb, Is.EqualTo(20).Within(1.5));
        Assert.That(measured.ClippingFraction, Is.Zero, "the loud first packet was discarded");
    }

    [Test]
    public async Task Should_send_auth_first_then_the_whole_set_with_AGC_off_and_little_endian()
    {
        await using var kiwi = new KiwiEmulator(Tone);
        await Driver().CaptureAsync(Receiver(kiwi, """{"password":"secret","timeLimitPassword":"exempt"}"""), Request(DateTimeOffset.UtcNow), CancellationToken.None);

        var commands = kiwi.Sessions.Single().Commands.Where(c => c != "SET keepalive").ToList();
        Assert.That(commands, Is.EqualTo(new[]
        {
            "SET auth t=kiwi p=secret ipl=exempt",
            "SET mod=iq low_cut=-5000 high_cut=5000 freq=10000.000",
            "SET agc=0 hang=0 thresh=-100 slope=6 decay=1000 manGain=50",
            "SET squelch=0 max=0",
            "SET genattn=0",
            "SET gen=0 mix=-1",
            "SET ident_user=Heimdall",
            "SET compression=0",
            "SET little-endian",
            "SET AR OK in=12000 out=44100",
        }));
    }

    [TestCase("{}", -5_000, 5_000, TestName = "The default passband Should travel with the capture")]
    [TestCase("""{"lowCutHz": -3000, "highCutHz": 9000}""", -3_000, 5_998, TestName = "A passband beyond the band Should travel as the Kiwi was told, clipped to (rate/2 - 1)")]
    public async Task The_passband_sent_to_the_Kiwi_Should_travel_with_the_capture_and_bound_its_measurement(string settings, double low, double high)
    {
        await using var kiwi = new KiwiEmulator(Tone);

        var capture = await Driver().CaptureAsync(Receiver(kiwi, settings), Request(DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.That(kiwi.Sessions.Single().Commands, Has.Member($"SET mod=iq low_cut={low} high_cut={high} freq=10000.000"));
        Assert.That(capture.Passband, Is.EqualTo(new Passband(low, high)));
        Assert.That(capture.Measure(), Is.EqualTo(SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz, new SpectrumOptions { Passband = new Passband(low, high) })));
    }

    [Test]
    public async Task When_the_Kiwi_sends_big_endian_samples_Should_deliver_the_same_ci16_le()
    {
        var options = Tone with { HonourLittleEndian = false };
        await using var kiwi = new KiwiEmulator(options);
        var request = Request(DateTimeOffset.UtcNow.AddSeconds(StartLeadSeconds), samples: 12_000);

        var capture = await Driver().CaptureAsync(Receiver(kiwi), request, CancellationToken.None);

        AssertGnssTiming(capture, options, kiwi.Sessions.Single(), request);
    }

    [Test]
    public async Task When_the_capture_spans_the_GPS_week_rollover_Should_keep_one_time_axis()
    {
        // GPS week 2447 begins at 2026-11-28T23:59:42Z (Sunday 00:00:00 GPS, 18 leap seconds).
        var rollover = new DateTimeOffset(2026, 11, 28, 23, 59, 42, TimeSpan.Zero);
        var clock = new ShiftedTimeProvider(rollover.AddSeconds(-0.25 - StartLeadSeconds) - DateTimeOffset.UtcNow);
        await using var kiwi = new KiwiEmulator(Tone, clock);
        var request = Request(rollover.AddSeconds(-0.25), samples: 12_000);

        var capture = await Driver(clock).CaptureAsync(Receiver(kiwi), request, CancellationToken.None);

        var session = kiwi.Sessions.Single();
        var timesOfWeek = session.Packets.Skip(1).Select(p => p.SentGpsNanoseconds % (604_800L * 1_000_000_000)).ToList();
        Assert.That(timesOfWeek.Any(t => t > 604_799L * 1_000_000_000) && timesOfWeek.Any(t => t < 1_000_000_000), "the stream crossed the rollover");
        AssertGnssTiming(capture, Tone, session, request);
        Assert.That(capture.Timing.Stamps[0].Utc, Is.LessThan(rollover));
        Assert.That(capture.Timing.Stamps[^1].Utc, Is.GreaterThan(rollover));
    }

    [Test]
    public async Task When_packets_go_missing_Should_fill_zeros_in_their_place_and_count_them()
    {
        // Packet 88 of the stream (3.75 s of GPS time into the session). The capture's first packet is about
        // 84 - 23.4 per second of handshake: a 3 s capture holds the gap for a handshake of up to 2.6 s (a 1 s one
        // only up to 0.66 s, which a loaded machine exceeded now and then).
        const int GapAt = 88;
        var options = Tone with { Fault = new(KiwiFaultKind.SequenceGap, GapAt, Count: 2) };
        await using var kiwi = new KiwiEmulator(options);
        var request = Request(DateTimeOffset.UtcNow.AddSeconds(StartLeadSeconds), samples: 36_000);

        var capture = await Driver().CaptureAsync(Receiver(kiwi), request, CancellationToken.None);

        var session = kiwi.Sessions.Single();
        var first = FirstSampleInStream(session, capture.Timing.Stamps[0]);
        var expected = ExpectedSamples(options, session, first, request.SampleCount);
        var missingFrom = (GapAt * 512) - first;
        Assert.Multiple(() =>
        {
            Assert.That(capture.Timing.SequenceGaps, Is.EqualTo(2));
            Assert.That(capture.Timing.Warnings, Has.Some.EqualTo($"2 packet(s) missing before sequence {GapAt + 3}: 1024 samples filled with zeros."));
            Assert.That(missingFrom, Is.InRange(0, request.SampleCount - 1024), "the gap is inside the capture");
            Assert.That(capture.Iq.AsSpan((int)missingFrom * 4, 1024 * 4).ToArray(), Is.All.Zero);
            Assert.That(capture.Iq, Is.EqualTo(expected), "zeros where the packets were lost, every other sample in its place");
            Assert.That(capture.Timing.MeasuredSampleRateHz, Is.EqualTo(options.TrueSampleRateHz).Within(0.01));
        });
    }

    [Test]
    public async Task When_the_GNSS_headers_are_all_zero_Should_fall_back_to_the_host_clock_and_say_why()
    {
        await using var kiwi = new KiwiEmulator(Tone with { ZeroGnssHeaders = true });
        var before = DateTimeOffset.UtcNow;

        var capture = await Driver().CaptureAsync(Receiver(kiwi), Request(before), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock));
            Assert.That(capture.Timing.Stamps, Is.Empty);
            Assert.That(capture.Timing.MeasuredSampleRateHz, Is.Null);
            Assert.That(capture.Timing.StampResidualRmsNs, Is.Null);
            Assert.That(capture.SampleRateHz, Is.EqualTo(11_998.95));
            Assert.That(capture.Timing.GnssSolutionAgeSeconds, Is.Null);
            Assert.That(WithoutLateStart(capture.Timing.Warnings), Is.EqualTo(new[]
            {
                "GNSS stamps absent: the packet headers are all zero (the admin may have switched GNSS stamps off; /status then shows tdoa_ch=-1). Timed by the host clock: the start is the arrival of the samples, late by the network and buffer latency.",
            }));
            Assert.That(capture.CaptureStartUtc, Is.InRange(before.AddSeconds(-1), DateTimeOffset.UtcNow));
        });
    }

    [Test]
    public async Task When_the_Kiwi_has_no_GPS_clock_Should_fall_back_to_the_host_clock_and_say_why()
    {
        await using var kiwi = new KiwiEmulator(Tone with { LastGpsSolution = 255 });
        var capture = await Driver().CaptureAsync(Receiver(kiwi), Request(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock));
        Assert.That(WithoutLateStart(capture.Timing.Warnings), Is.EqualTo(new[]
        {
            "the KiwiSDR has no GPS clock (last_gps_solution=255): its stamps are free-running. Timed by the host clock: the start is the arrival of the samples, late by the network and buffer latency.",
        }));
    }

    [Test]
    public async Task When_the_GNSS_solution_is_older_than_allowed_Should_fall_back_to_the_host_clock_naming_its_age()
    {
        await using var kiwi = new KiwiEmulator(Tone with { LastGpsSolution = 45 });
        var capture = await Driver().CaptureAsync(Receiver(kiwi), Request(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock));
        Assert.That(capture.Timing.GnssSolutionAgeSeconds, Is.EqualTo(45));
        Assert.That(WithoutLateStart(capture.Timing.Warnings), Is.EqualTo(new[]
        {
            "GNSS solution stale: last_gps_solution = 45 s at the start of the capture, above settings.maxGnssSolutionAgeSeconds = 30 s. Timed by the host clock: the start is the arrival of the samples, late by the network and buffer latency.",
        }));
    }

    [Test]
    public async Task When_the_Kiwi_is_older_than_1_653_and_AGC_is_on_Should_warn_of_both()
    {
        await using var kiwi = new KiwiEmulator(Tone with { VersionMinor = 646 });
        var capture = await Driver().CaptureAsync(Receiver(kiwi, """{"agc":true,"manGainDb":40}"""), Request(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(capture.Timing.ReceiverVersion, Is.EqualTo("KiwiSDR 1.646"));
        Assert.That(WithoutLateStart(capture.Timing.Warnings), Is.EqualTo(new[]
        {
            "AGC is on (settings.agc = true): the levels follow the Kiwi's AGC, so power and SNR are not comparable between receivers or captures.",
            "KiwiSDR 1.646 is older than v1.653: the filter delays changed with the CIC-compensation release (v1.647; before it the decimation was 5555, not 5556), so its GNSS stamps must not be combined with those of v1.653 and later without calibration.",
        }));
        Assert.That(kiwi.Sessions.Single().Commands, Has.Member("SET agc=1 hang=0 thresh=-100 slope=6 decay=1000 manGain=40"));
    }

    [Test]
    public async Task When_the_Kiwi_sits_behind_a_converter_Should_tune_relative_to_its_freq_offset()
    {
        var options = Tone with { FreqOffsetKHz = 144_000, ToneFrequencyHz = 145_500_000 - 800 };
        await using var kiwi = new KiwiEmulator(options);
        var capture = await Driver().CaptureAsync(Receiver(kiwi), Request(DateTimeOffset.UtcNow, frequencyHz: 145_500_000), CancellationToken.None);
        Assert.That(kiwi.Sessions.Single().TunedKHz, Is.EqualTo(1_500));
        Assert.That(SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz).FrequencyOffsetHz, Is.EqualTo(-800).Within(1));
    }

    [Test]
    public async Task When_another_rate_is_requested_Should_deliver_the_count_at_the_Kiwi_rate_and_say_so()
    {
        await using var kiwi = new KiwiEmulator(Tone);
        var capture = await Driver().CaptureAsync(Receiver(kiwi), Request(DateTimeOffset.UtcNow, samples: 6_000, rateHz: 48_000), CancellationToken.None);
        Assert.That(capture.SampleCount, Is.EqualTo(6_000));
        Assert.That(capture.SampleRateHz, Is.EqualTo(11_998.903).Within(0.01));
        Assert.That(capture.Timing.Warnings, Has.Exactly(1).Match("^requested 48000 Hz, but a KiwiSDR cannot resample: the 6000 samples are at 11998.9\\d\\d Hz and last 0.5 s.$"));
    }

    [Test]
    [NonParallelizable]
    public async Task When_streaming_in_real_time_Should_start_within_one_sample_of_a_later_start_and_keep_the_session_alive()
    {
        var options = Tone with { FullSpeed = false, KeepaliveTimeoutSeconds = 1.2 };
        await using var kiwi = new KiwiEmulator(options);
        var request = Request(DateTimeOffset.UtcNow.AddSeconds(3.8), samples: 12_000);

        var capture = await Driver().CaptureAsync(Receiver(kiwi, """{"keepaliveSeconds":0.4}"""), request, CancellationToken.None);
        var returned = DateTimeOffset.UtcNow;

        var session = kiwi.Sessions.Single();
        AssertGnssTiming(capture, options, session, request);
        Assert.That(session.Keepalives, Is.GreaterThanOrEqualTo(5));
        var lastSample = capture.CaptureStartUtc + TimeSpan.FromSeconds(capture.SampleCount / capture.SampleRateHz);
        TestContext.Out.WriteLine($"connected {(request.StartAtUtc - returned).TotalSeconds + (capture.SampleCount / capture.SampleRateHz):0.000} s before the start; last sample to return: {(returned - lastSample).TotalMilliseconds:0.0} ms");
        Assert.That(returned - lastSample, Is.InRange(TimeSpan.Zero, TimeSpan.FromSeconds(1)), "the capture returns right after its last sample arrives");
    }
}
