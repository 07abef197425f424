using System.Numerics;
using System.Text.Json;

namespace Heimdall.Cli.Tests;

/// <summary>
/// Recordings with several capture segments: segments at one frequency are measured as one span; a recording that
/// retunes is measured span by span, with null top-level metrics; a multi-channel recording is refused.
/// </summary>
[TestFixture]
public sealed class When_a_recording_has_several_capture_segments
{
    private RecordingDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new RecordingDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private static string Meta(string captures, string extraGlobal = "") => $$"""
        {
          "global": { "core:version": "1.2.0", "core:datatype": "ci16_le", "core:sample_rate": 12000{{extraGlobal}} },
          "captures": [ {{captures}} ],
          "annotations": []
        }
        """;

    [Test]
    public async Task At_one_frequency_Should_measure_the_whole_recording_once_like_a_single_segment()
    {
        var data = TestTone.Encode(TestTone.Samples("ci16_le"), "ci16_le");
        var single = _directory.Write("single", RecordingDirectory.Meta(), data);
        var stamped = _directory.Write("stamped", Meta("""
            { "core:sample_start": 0, "core:frequency": 145500000, "core:datetime": "2026-11-28T12:00:00.000000Z" },
            { "core:sample_start": 512, "core:frequency": 145500000, "core:datetime": "2026-11-28T12:00:00.042667Z" },
            { "core:sample_start": 60000, "core:frequency": 145500000, "core:datetime": "2026-11-28T12:00:05.000000Z" }
            """), data);

        var one = (await AnalyzeRun.StartAsync(single)).Report();
        var run = await AnalyzeRun.StartAsync(stamped);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var report = run.Report();
        var captures = report.GetProperty("captures").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var field in new[] { "frequencyHz", "sampleCount", "segmentCount", "snrDb", "frequencyOffsetHz", "powerDbfs", "noiseFloorDbfsPerHz" })
            {
                Assert.That(report.GetProperty(field).GetRawText(), Is.EqualTo(one.GetProperty(field).GetRawText()), field);
            }

            Assert.That(captures, Has.Count.EqualTo(1));
            Assert.That(captures[0].GetProperty("captureIndex").GetInt32(), Is.Zero);
            Assert.That(captures[0].GetProperty("sampleStart").GetInt64(), Is.Zero);
            Assert.That(captures[0].GetProperty("sampleCount").GetInt64(), Is.EqualTo(TestTone.SampleCount));
            Assert.That(captures[0].GetProperty("snrDb").GetRawText(), Is.EqualTo(report.GetProperty("snrDb").GetRawText()));
        }
    }

    [Test]
    public async Task That_retune_Should_measure_each_span_at_its_own_frequency_and_leave_the_top_level_metrics_null()
    {
        // 60 000 samples of a tone at +1234.5 Hz at 145.5 MHz, then 60 000 of a tone at −2000 Hz at 145.6 MHz.
        var first = TestTone.Samples("ci16_le", seed: 1)[..60_000];
        var second = TestTone.Samples("ci16_le", seed: 2)[..60_000]
            .Select((x, n) => x * Complex.FromPolarCoordinates(1, -2 * Math.PI * (TestTone.ToneHz + 2000) * n / TestTone.SampleRateHz)).ToArray();
        var basePath = _directory.Write("retuned", Meta("""
            { "core:sample_start": 0, "core:frequency": 145500000 },
            { "core:sample_start": 30000, "core:frequency": 145500000 },
            { "core:sample_start": 60000, "core:frequency": 145600000 }
            """), TestTone.Encode([.. first, .. second], "ci16_le"));

        var run = await AnalyzeRun.StartAsync(basePath, "--calibration-db", "-60");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var report = run.Report();
        var captures = report.GetProperty("captures").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.GetProperty("sampleCount").GetInt64(), Is.EqualTo(120_000));
            foreach (var field in new[] { "frequencyHz", "segmentCount", "signalDetected", "snrDb", "frequencyOffsetHz", "signalFrequencyHz", "powerDbfs",
                         "powerDbm", "noiseFloorDbfsPerHz", "peakPsdDbfsPerHz", "occupiedBandwidthHz", "clippingFraction" })
            {
                Assert.That(report.GetProperty(field).ValueKind, Is.EqualTo(JsonValueKind.Null), field);
            }

            Assert.That(captures.Select(c => c.GetProperty("captureIndex").GetInt32()), Is.EqualTo(new[] { 0, 2 }));
            Assert.That(captures.Select(c => c.GetProperty("sampleStart").GetInt64()), Is.EqualTo(new long[] { 0, 60_000 }));
            Assert.That(captures.Select(c => c.GetProperty("sampleCount").GetInt64()), Is.EqualTo(new long[] { 60_000, 60_000 }));
            Assert.That(captures.Select(c => c.GetProperty("frequencyHz").GetDouble()), Is.EqualTo(new[] { 145_500_000.0, 145_600_000.0 }));
            Assert.That(captures[0].GetProperty("frequencyOffsetHz").GetDouble(), Is.EqualTo(TestTone.ToneHz).Within(0.5));
            Assert.That(captures[1].GetProperty("frequencyOffsetHz").GetDouble(), Is.EqualTo(-2000).Within(0.5));
            Assert.That(captures[1].GetProperty("signalFrequencyHz").GetDouble(),
                Is.EqualTo(145_600_000 + captures[1].GetProperty("frequencyOffsetHz").GetDouble()));
            Assert.That(captures.Select(c => c.GetProperty("snrDb").GetDouble()), Is.All.EqualTo(TestTone.SnrDb).Within(0.5));
            Assert.That(captures[1].GetProperty("powerDbm").GetDouble(), Is.EqualTo(captures[1].GetProperty("powerDbfs").GetDouble() - 60).Within(1e-9));
        }
    }

    [TestCase("2")]
    [TestCase("8")]
    public async Task With_several_channels_Should_refuse_it_rather_than_measure_them_as_one(string channels)
    {
        var basePath = _directory.Write("array", Meta("""{ "core:sample_start": 0 }""", $", \"core:num_channels\": {channels}"), new byte[4096]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, $"{basePath}.sigmf-meta: global.core:num_channels is {channels}:", "only single-channel recordings can be analysed");
    }

    [Test]
    public async Task With_one_channel_declared_Should_measure_it()
    {
        var basePath = _directory.Write("mono", Meta("""{ "core:sample_start": 0 }""", ", \"core:num_channels\": 1"),
            TestTone.Encode(TestTone.Samples("ci16_le"), "ci16_le"));

        var run = await AnalyzeRun.StartAsync(basePath);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    [TestCase("""{ "core:sample_start": 0 }, { "core:sample_start": 0, "core:frequency": 1 }""",
        "captures[1].core:sample_start (0) is not after captures[0]'s (0)")]
    [TestCase("""{ "core:sample_start": 0 }, { "core:frequency": 1 }""", "captures[1].core:sample_start is missing")]
    [TestCase("""{ "core:sample_start": -5 }""", "captures[0].core:sample_start is not a non-negative integer (got -5)")]
    [TestCase("""{ "core:sample_start": 0, "core:frequency": 1 }, { "core:sample_start": 5000, "core:frequency": 2 }""",
        "captures[1].core:sample_start (5000) is beyond the end of the data (1024 samples in")]
    [TestCase("""{ "core:sample_start": 0, "core:frequency": 1 }, { "core:sample_start": 5, "core:frequency": "x" }""",
        "captures[1].core:frequency is not a number (got \"x\")")]
    public async Task With_bad_segments_Should_name_the_segment(string captures, string problem)
    {
        var basePath = _directory.Write("bad", Meta(captures), new byte[4096]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-meta: " + problem);
    }

    private static void AssertFailed(AnalyzeRun run, params string[] expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
            Assert.That(run.Output, Is.Empty);
            Assert.That(run.Error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
            foreach (var text in expected)
            {
                Assert.That(run.Error, Does.Contain(text));
            }
        }
    }
}
