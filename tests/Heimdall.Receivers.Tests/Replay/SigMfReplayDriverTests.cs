using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Receivers.Replay;
using Heimdall.Signal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.Replay;

/// <summary>Replay of recordings on disk: what is delivered, how it is timed, how a stream is chosen, and what is refused.</summary>
[TestFixture]
public sealed class SigMfReplayDriverTests
{
    private static readonly SigMfReplayDriver Driver = new(TimeProvider.System, NullLogger<SigMfReplayDriver>.Instance);
    private RecordingFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new RecordingFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [TestCase("ci16_le", SampleFormat.Ci16Le, 4)]
    [TestCase("cu8", SampleFormat.Cu8, 2)]
    [TestCase("cf32_le", SampleFormat.Cf32Le, 8)]
    public async Task At_full_speed_Should_deliver_the_samples_from_startSample_exactly_as_recorded_timed_by_the_recording(string datatype, SampleFormat format, int bytesPerSample)
    {
        var data = _folder.Write("tone", ReplayRecordings.Meta(datatype), ReplayRecordings.Data(datatype));
        var receiver = ReplayRecordings.Receiver(_folder.Url("tone.sigmf-meta"), """{"speed": "full", "startSample": 18000}""");

        var capture = await Driver.CaptureAsync(receiver, ReplayRecordings.Request(sampleCount: 12_000), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(capture.Format, Is.EqualTo(format));
            Assert.That(capture.SampleRateHz, Is.EqualTo(ReplayRecordings.RateHz));
            Assert.That(capture.SampleCount, Is.EqualTo(12_000));
            Assert.That(capture.Iq, Is.EqualTo(data.AsSpan(18_000 * bytesPerSample, 12_000 * bytesPerSample).ToArray()));
            Assert.That(capture.CaptureStartUtc, Is.EqualTo(ReplayRecordings.Recorded.AddSeconds(18_000 / ReplayRecordings.RateHz)));
            Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.Recorded));
            Assert.That(capture.Timing.Stamps, Has.Length.EqualTo(1));
            Assert.That(capture.Timing.Stamps[0].SampleIndex, Is.EqualTo(6_000), "the segment at 24000, relative to the first sample replayed");
            Assert.That(capture.Timing.Stamps[0].Utc, Is.EqualTo(ReplayRecordings.Recorded.AddTicks(5_000_012)), "core:datetime to the 100 ns tick");
            Assert.That(capture.Timing.Warnings[0], Is.EqualTo($"replayed from {_folder.Url("tone.sigmf-meta")}: samples 18000 to 29999 of its 48000."));
            Assert.That(SignalAnalyzer.Measure(capture.Iq, capture.Format, capture.SampleRateHz).FrequencyOffsetHz, Is.EqualTo(1500).Within(1));
        });
    }

    [Test]
    public async Task A_recording_that_names_its_passband_Should_be_replayed_with_it_and_one_that_does_not_with_the_whole_band()
    {
        _folder.Write("kiwi", ReplayRecordings.Meta(extraGlobal: """, "heimdall:passband": {"low_hz": -5000, "high_hz": 5000}"""), ReplayRecordings.Data("ci16_le"));
        _folder.Write("plain", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));

        var kiwi = await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("kiwi"), """{"speed": "full"}"""), ReplayRecordings.Request(sampleCount: 12_000), CancellationToken.None);
        var plain = await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("plain"), """{"speed": "full"}"""), ReplayRecordings.Request(sampleCount: 12_000), CancellationToken.None);

        Assert.That(kiwi.Passband, Is.EqualTo(new Passband(-5_000, 5_000)));
        Assert.That(plain.Passband, Is.Null);
        Assert.That(kiwi.Measure(), Is.EqualTo(SignalAnalyzer.Measure(kiwi.Iq, kiwi.Format, kiwi.SampleRateHz, new SpectrumOptions { Passband = new Passband(-5_000, 5_000) })));
    }

    [Test]
    public async Task At_full_speed_Should_not_wait_for_the_start_nor_for_the_samples_duration()
    {
        _folder.Write("tone", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));
        var watch = Stopwatch.StartNew();

        await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("tone")), ReplayRecordings.Request(sampleCount: 48_000, startAtUtc: DateTimeOffset.UtcNow.AddSeconds(3)), CancellationToken.None);

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "not waiting for the start, 3 s ahead");
    }

    [Test]
    public async Task In_real_time_Should_wait_for_the_start_and_last_as_long_as_the_samples()
    {
        _folder.Write("tone", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));
        var start = DateTimeOffset.UtcNow.AddSeconds(0.4);

        await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("tone"), "{}"), ReplayRecordings.Request(sampleCount: 24_000, startAtUtc: start), CancellationToken.None);

        // The pacing waits on .NET timers, which may fire up to one clock tick (1 ms on Linux, 15.6 ms on Windows) early.
        Assert.That(DateTimeOffset.UtcNow - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.5) - TimeSpan.FromMilliseconds(16)).And.LessThan(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public async Task With_loop_Should_wrap_around_to_sample_0()
    {
        var data = _folder.Write("tone", ReplayRecordings.Meta("cu8"), ReplayRecordings.Data("cu8"));

        var capture = await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("tone"), """{"speed": "full", "loop": true, "startSample": 40000}"""),
            ReplayRecordings.Request(sampleCount: 100_000), CancellationToken.None);

        Assert.That(capture.Iq, Is.EqualTo(data[80_000..].Concat(data).Concat(data[..(2 * 44_000)]).ToArray()));
        Assert.That(capture.Timing.Warnings[0], Does.EndWith("samples 40000 to 139999 of its 48000, wrapping around to sample 0."));
    }

    [Test]
    public async Task From_a_collection_Should_replay_the_stream_named_by_stream_or_by_receiverId()
    {
        var first = _folder.Write("1", ReplayRecordings.Meta(receiverId: 1), ReplayRecordings.Data("ci16_le", seed: 1));
        var third = _folder.Write("3", ReplayRecordings.Meta(receiverId: 3), ReplayRecordings.Data("ci16_le", seed: 3));
        _folder.WriteText("acquisition.sigmf-collection", """
            {"collection": {"core:version": "1.2.0", "core:streams": [{"name": "1", "hash": "x"}, ["3", "y"]]}}
            """);
        var url = _folder.Url("acquisition.sigmf-collection");

        var byName = await Driver.CaptureAsync(ReplayRecordings.Receiver(url, """{"speed": "full", "stream": "1"}"""), ReplayRecordings.Request(), CancellationToken.None);
        var byReceiver = await Driver.CaptureAsync(ReplayRecordings.Receiver(url, """{"speed": "full", "receiverId": 3}"""), ReplayRecordings.Request(), CancellationToken.None);

        Assert.That(byName.Iq, Is.EqualTo(first[..48_000]));
        Assert.That(byReceiver.Iq, Is.EqualTo(third[..48_000]));
    }

    [Test]
    public async Task From_a_folder_Should_replay_its_only_recording_and_refuse_to_guess_among_several()
    {
        var only = _folder.Write("only", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));

        var capture = await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.FolderUrl), ReplayRecordings.Request(), CancellationToken.None);
        _folder.Write("other", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));
        var ambiguous = Assert.ThrowsAsync<ReceiverRefusedException>(() => Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.FolderUrl), ReplayRecordings.Request(), CancellationToken.None));

        Assert.That(capture.Iq, Is.EqualTo(only[..48_000]));
        Assert.That(ambiguous!.Message, Is.EqualTo($"{_folder.FolderUrl} holds 2 recordings (only, other): choose one with settings.stream or settings.receiverId."));
    }

    [TestCase("""{"speed": "full", "stream": "9"}""", "has no recording '9' (settings.stream); it has: 1.")]
    [TestCase("""{"speed": "full", "receiverId": 9}""", "has no recording of heimdall:receiver_id 9 (settings.receiverId) among: 1.")]
    public void When_the_collection_has_no_such_stream_Should_refuse_naming_what_it_has(string settings, string problem)
    {
        _folder.Write("1", ReplayRecordings.Meta(receiverId: 1), ReplayRecordings.Data("ci16_le"));
        _folder.WriteText("c.sigmf-collection", """{"collection": {"core:version": "1.2.0", "core:streams": [{"name": "1", "hash": "x"}]}}""");

        var refused = Assert.ThrowsAsync<ReceiverRefusedException>(() => Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("c.sigmf-collection"), settings), ReplayRecordings.Request(), CancellationToken.None));

        Assert.That(refused!.Message, Is.EqualTo(_folder.Url("c.sigmf-collection") + " " + problem));
    }

    [TestCase("\"core:num_channels\": 2", "ci16_le", "global.core:num_channels is 2; a receiver delivers one channel, and the samples of several are interleaved in the data.")]
    [TestCase("", "ri16_le", "global.core:datatype is 'ri16_le'; a replay delivers ci16_le, cu8 or cf32_le samples as they are, and converts nothing.")]
    [TestCase("\"heimdall:passband\": {\"low_hz\": 5000, \"high_hz\": -5000}", "ci16_le", "global.heimdall:passband: The passband's lower edge (5000 Hz) must be below its upper edge (-5000 Hz).")]
    [TestCase("\"heimdall:passband\": [-5000, 5000]", "ci16_le", "global.heimdall:passband must be an object with the numbers low_hz and high_hz (got [-5000, 5000]).")]
    public void When_the_recording_cannot_be_delivered_as_one_receiver_Should_refuse_it(string extra, string datatype, string problem)
    {
        _folder.Write("odd", ReplayRecordings.Meta(datatype, extraGlobal: extra.Length > 0 ? ", " + extra : ""), new byte[4096]);

        var refused = Assert.ThrowsAsync<ReceiverRefusedException>(() => Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("odd")), ReplayRecordings.Request(sampleCount: 10), CancellationToken.None));

        Assert.That(refused!.Message, Is.EqualTo($"{_folder.Url("odd.sigmf-meta")}: {problem}"));
    }

    [Test]
    public void When_the_request_needs_another_rate_another_frequency_or_more_samples_Should_refuse_each()
    {
        _folder.Write("tone", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));
        var receiver = ReplayRecordings.Receiver(_folder.Url("tone"));
        var meta = _folder.Url("tone.sigmf-meta");

        var rate = Assert.ThrowsAsync<ReceiverRefusedException>(() => Driver.CaptureAsync(receiver, ReplayRecordings.Request(rateHz: 96_000), CancellationToken.None));
        var frequency = Assert.ThrowsAsync<ReceiverRefusedException>(() => Driver.CaptureAsync(receiver, ReplayRecordings.Request(frequencyHz: 434e6), CancellationToken.None));
        var length = Assert.ThrowsAsync<ReceiverRefusedException>(() => Driver.CaptureAsync(receiver, ReplayRecordings.Request(sampleCount: 48_001), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(rate!.Message, Is.EqualTo($"{meta} was recorded at 48000 Hz; a replay cannot resample it to 96000 Hz (the request's sampleRateHz, or the receiver's sample_rate_hz, must be the recording's within 0.1 %)."));
            Assert.That(frequency!.Message, Is.EqualTo($"{meta} was recorded at 433920000 Hz, not the 434000000 Hz asked for; a replay cannot retune (settings.matchFrequency false replays it anyway)."));
            Assert.That(length!.Message, Is.EqualTo($"{meta} holds 48000 samples (1 s); 48001 from sample 0 were asked for: settings.loop wraps around instead."));
        });
    }

    [Test]
    public async Task With_matchFrequency_false_and_a_nominal_rate_within_0_1_percent_Should_replay_anyway()
    {
        _folder.Write("kiwi", ReplayRecordings.Meta(rateHz: 11_998.9, captures: """{ "core:sample_start": 0, "core:frequency": 7000000 }"""), ReplayRecordings.Data("ci16_le", 12_000));

        var capture = await Driver.CaptureAsync(ReplayRecordings.Receiver(_folder.Url("kiwi"), """{"speed": "full", "matchFrequency": false}""", 12_000),
            ReplayRecordings.Request(sampleCount: 12_000, rateHz: 12_000), CancellationToken.None);

        Assert.That(capture.SampleRateHz, Is.EqualTo(11_998.9), "the recording's rate, not the nominal one");
        Assert.That(capture.Timing.Source, Is.EqualTo(TimingSources.HostClock), "no core:datetime to time it by");
        Assert.That(capture.Timing.Warnings, Does.Contain("the recording holds no core:datetime: the capture is timed by the host clock when the replay began."));
    }

    [Test]
    public async Task Probe_Should_say_whether_the_meta_and_its_data_are_there()
    {
        _folder.Write("tone", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));
        File.Delete(Path.Combine(_folder.Path, "tone.sigmf-data"));
        _folder.Write("good", ReplayRecordings.Meta(), ReplayRecordings.Data("ci16_le"));

        var good = await Driver.ProbeAsync(ReplayRecordings.Receiver(_folder.Url("good.sigmf-meta")), CancellationToken.None);
        var missing = await Driver.ProbeAsync(ReplayRecordings.Receiver(_folder.Url("tone.sigmf-meta")), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(good.Reachable, Is.True);
            Assert.That(good.Detail, Is.EqualTo($"{_folder.Url("good.sigmf-meta")} and its data are there: 48000 ci16_le samples, 1 s at 48000 Hz."));
            Assert.That(missing.Reachable, Is.False);
            Assert.That(missing.Detail, Is.EqualTo($"{_folder.Url("tone.sigmf-data")} does not exist (the samples of {_folder.Url("tone.sigmf-meta")})."));
        });
    }

    [TestCase("http://host/x.sigmf-meta", "url 'http://host/x.sigmf-meta' must be file:///absolute/path (a .sigmf-meta, a .sigmf-collection or a folder) or s3://bucket/key for a replay receiver.")]
    [TestCase("s3://bucket/acquisitions/1/", "url 's3://bucket/acquisitions/1/' is a folder of the object store, which is never listed: give settings.stream (the base name) or settings.receiverId (the recording {receiverId}.sigmf-meta, as the pipeline names them).")]
    public void Validate_Should_name_a_wrong_url(string url, string problem)
    {
        var driver = new SigMfReplayDriver(TimeProvider.System, NullLogger<SigMfReplayDriver>.Instance, S3ReplayTests.AnyStore());
        Assert.That(driver.Validate(ReplayRecordings.Receiver(url, "{}")), Is.EqualTo(new[] { problem }));
    }

    [TestCase("""{"speed": "fast"}""", "settings.speed must be \"real-time\" or \"full\" (got \"fast\").")]
    [TestCase("""{"startSample": -1}""", "settings.startSample must be a whole number of samples from 0 to 576460752303423487 (got -1).")]
    [TestCase("""{"stream": "1", "receiverId": 1}""", "settings.stream and settings.receiverId both choose the recording: give one.")]
    [TestCase("""{"rate": 1}""", "settings.rate is not a setting of this kind (known: loop, matchFrequency, receiverId, speed, startSample, stream).")]
    public void Validate_Should_name_a_wrong_setting(string settings, string problem) =>
        Assert.That(Driver.Validate(ReplayRecordings.Receiver("file:///data/acquisition.sigmf-collection", settings)), Is.EqualTo(new[] { problem }));

    [Test]
    public void Validate_Should_say_that_stream_means_nothing_for_one_recording() =>
        Assert.That(Driver.Validate(ReplayRecordings.Receiver("file:///data/3.sigmf-meta", """{"stream": "3"}""")), Is.EqualTo(new[]
        {
            "settings.stream and settings.receiverId choose a recording of a collection or a folder; url 'file:///data/3.sigmf-meta' is one recording.",
        }));

    [Test]
    public void Validate_without_an_object_store_Should_refuse_s3_urls() =>
        Assert.That(Driver.Validate(ReplayRecordings.Receiver("s3://bucket/a/3.sigmf-meta")), Is.EqualTo(new[]
        {
            "url 's3://bucket/a/3.sigmf-meta' is in the object store, and this process has none configured (section S3).",
        }));
}
