using System.Text.Json;
using Heimdall.Signal;

namespace Heimdall.Cli.Tests;

/// <summary>
/// A tone of amplitude 0.1 at +1234.5 Hz in complex white noise of power 1e-4 (SNR 20 dB), 120 000 samples at 12 kHz,
/// written as a SigMF recording in each supported datatype and analysed in process.
/// </summary>
[TestFixture]
public sealed class When_a_tone_recording_is_analyzed
{
    private const double FrequencyHz = 145_500_000;

    private static readonly string[] Fields =
    [
        "recording", "datatype", "sampleRateHz", "frequencyHz", "sampleCount", "segmentLength", "segmentCount", "fftBackend", "signalDetected",
        "snrDb", "frequencyOffsetHz", "signalFrequencyHz", "powerDbfs", "powerDbm", "noiseFloorDbfsPerHz", "peakPsdDbfsPerHz",
        "occupiedBandwidthHz", "clippingFraction", "captures", "timing", "passbandLowHz", "passbandHighHz", "uncertainty",
    ];

    private RecordingDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new RecordingDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [TestCase("ci16_le")]
    [TestCase("cu8")]
    [TestCase("cf32_le")]
    public async Task Should_print_one_JSON_object_with_the_tone_measured(string datatype)
    {
        var data = TestTone.Encode(TestTone.Samples(datatype), datatype);
        var basePath = _directory.Write("tone", RecordingDirectory.Meta(datatype: $"\"{datatype}\""), data);

        var run = await AnalyzeRun.StartAsync(basePath + ".sigmf-meta");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var report = run.Report();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Error, Is.Empty);
            Assert.That(report.EnumerateObject().Select(p => p.Name), Is.EqualTo(Fields));
            Assert.That(report.GetProperty("recording").GetString(), Is.EqualTo(basePath + ".sigmf-meta"));
            Assert.That(report.GetProperty("datatype").GetString(), Is.EqualTo(datatype));
            Assert.That(report.GetProperty("sampleRateHz").GetDouble(), Is.EqualTo(TestTone.SampleRateHz));
            Assert.That(report.GetProperty("frequencyHz").GetDouble(), Is.EqualTo(FrequencyHz));
            Assert.That(report.GetProperty("sampleCount").GetInt64(), Is.EqualTo(TestTone.SampleCount));
            Assert.That(report.GetProperty("segmentLength").GetInt32(), Is.EqualTo(1024));
            Assert.That(report.GetProperty("segmentCount").GetInt32(), Is.EqualTo(233), "⌊(120 000 − 1024) / 512⌋ + 1 segments");
            Assert.That(report.GetProperty("fftBackend").GetString(), Is.EqualTo(SignalAnalyzer.FftBackend.ToString().ToLowerInvariant()));
            Assert.That(report.GetProperty("signalDetected").GetBoolean(), Is.True);
            Assert.That(report.GetProperty("frequencyOffsetHz").GetDouble(), Is.EqualTo(TestTone.ToneHz).Within(0.5));
            Assert.That(report.GetProperty("snrDb").GetDouble(), Is.EqualTo(TestTone.SnrDb).Within(0.5));
            Assert.That(report.GetProperty("powerDbfs").GetDouble(), Is.EqualTo(TestTone.MeanPowerDbfs(data, datatype)).Within(0.05));
            Assert.That(report.GetProperty("signalFrequencyHz").GetDouble(),
                Is.EqualTo(FrequencyHz + report.GetProperty("frequencyOffsetHz").GetDouble()));
            Assert.That(report.GetProperty("powerDbm").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(report.GetProperty("clippingFraction").GetDouble(), Is.Zero);
            Assert.That(report.GetProperty("timing").GetProperty("source").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(report.GetProperty("timing").GetProperty("problem").GetString(), Is.EqualTo("no core:datetime: the recording has no time"));
            Assert.That(report.GetProperty("passbandLowHz").ValueKind, Is.EqualTo(JsonValueKind.Null), "no heimdall:passband: the whole band");
            Assert.That(report.GetProperty("passbandHighHz").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }

    [Test]
    public async Task With_a_recorded_passband_Should_measure_inside_it_and_say_so()
    {
        var data = TestTone.Encode(TestTone.Samples("cf32_le"), "cf32_le");
        var basePath = _directory.Write("kiwi", RecordingDirectory.Meta(datatype: "\"cf32_le\"", extraGlobal: "\"heimdall:passband\": {\"low_hz\": -3000, \"high_hz\": 3000}"), data);

        var run = await AnalyzeRun.StartAsync(basePath);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var report = run.Report();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.GetProperty("passbandLowHz").GetDouble(), Is.EqualTo(-3000));
            Assert.That(report.GetProperty("passbandHighHz").GetDouble(), Is.EqualTo(3000));
            // The noise density is the same everywhere; the noise in the 6 kHz passband is half the band's: 3.01 dB more SNR.
            Assert.That(report.GetProperty("snrDb").GetDouble(), Is.EqualTo(TestTone.SnrDb + (10 * Math.Log10(TestTone.SampleRateHz / 6000))).Within(0.5));
            Assert.That(report.GetProperty("noiseFloorDbfsPerHz").GetDouble(), Is.EqualTo(10 * Math.Log10(TestTone.NoisePower / TestTone.SampleRateHz)).Within(0.5));
            Assert.That(report.GetProperty("snrDb").GetDouble(),
                Is.EqualTo(SignalAnalyzer.Measure(data, SampleFormat.Cf32Le, TestTone.SampleRateHz, new SpectrumOptions { Passband = new Passband(-3000, 3000) }).SnrDb),
                "the pipeline's analyzer inside the recorded passband");
        }
    }

    [Test]
    public async Task With_noise_only_Should_say_no_signal_and_give_null_signal_metrics()
    {
        var basePath = _directory.Write("noise", RecordingDirectory.Meta(), TestTone.Encode(TestTone.Samples("ci16_le", amplitude: 0), "ci16_le"));

        var run = await AnalyzeRun.StartAsync(basePath);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var report = run.Report();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.GetProperty("signalDetected").GetBoolean(), Is.False);
            foreach (var field in new[] { "snrDb", "frequencyOffsetHz", "signalFrequencyHz", "occupiedBandwidthHz" })
            {
                Assert.That(report.GetProperty(field).ValueKind, Is.EqualTo(JsonValueKind.Null), field);
            }

            Assert.That(report.GetProperty("noiseFloorDbfsPerHz").GetDouble(),
                Is.EqualTo(10 * Math.Log10(TestTone.NoisePower / TestTone.SampleRateHz)).Within(0.2));
        }
    }

    [Test]
    public async Task With_a_segment_length_Should_use_it()
    {
        var basePath = _directory.Write("tone", RecordingDirectory.Meta(), TestTone.Encode(TestTone.Samples("ci16_le"), "ci16_le"));

        var report = (await AnalyzeRun.StartAsync(basePath, "--segment-length", "256")).Report();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.GetProperty("segmentLength").GetInt32(), Is.EqualTo(256));
            Assert.That(report.GetProperty("segmentCount").GetInt32(), Is.EqualTo(936), "⌊(120 000 − 256) / 128⌋ + 1 segments");
            Assert.That(report.GetProperty("frequencyOffsetHz").GetDouble(), Is.EqualTo(TestTone.ToneHz).Within(0.5));
        }
    }

    [Test]
    public async Task With_a_calibration_Should_report_powerDbm_as_powerDbfs_plus_the_calibration()
    {
        var basePath = _directory.Write("tone", RecordingDirectory.Meta(), TestTone.Encode(TestTone.Samples("ci16_le"), "ci16_le"));

        var report = (await AnalyzeRun.StartAsync(basePath + ".sigmf-meta", "--calibration-db", "-60.5")).Report();

        Assert.That(report.GetProperty("powerDbm").GetDouble(), Is.EqualTo(report.GetProperty("powerDbfs").GetDouble() - 60.5).Within(1e-9));
    }

    [Test]
    public async Task By_its_data_path_or_base_name_Should_print_the_same_report()
    {
        var basePath = _directory.Write("tone", RecordingDirectory.Meta(), TestTone.Encode(TestTone.Samples("ci16_le"), "ci16_le"));

        var byMeta = await AnalyzeRun.StartAsync(basePath + ".sigmf-meta");
        var byData = await AnalyzeRun.StartAsync(basePath + ".sigmf-data");
        var byBase = await AnalyzeRun.StartAsync(basePath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byMeta.ExitCode, Is.Zero, byMeta.Error);
            Assert.That(byData.Output, Is.EqualTo(byMeta.Output));
            Assert.That(byBase.Output, Is.EqualTo(byMeta.Output));
        }
    }

    [Test]
    public async Task Without_a_capture_frequency_Should_report_frequencyHz_and_signalFrequencyHz_as_null()
    {
        var basePath = _directory.Write("tone", RecordingDirectory.Meta(datatype: "\"cf32_le\"", frequency: null), TestTone.Encode(TestTone.Samples("cf32_le"), "cf32_le"));

        var report = (await AnalyzeRun.StartAsync(basePath)).Report();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.GetProperty("frequencyHz").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(report.GetProperty("signalFrequencyHz").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(report.GetProperty("frequencyOffsetHz").GetDouble(), Is.EqualTo(TestTone.ToneHz).Within(0.5));
        }
    }

    [Test]
    public async Task With_progress_on_a_terminal_Should_show_it_on_stderr_only()
    {
        var basePath = _directory.Write("tone", RecordingDirectory.Meta(), TestTone.Encode(TestTone.Samples("ci16_le"), "ci16_le"));

        var run = await AnalyzeRun.StartAsync(showProgress: true, basePath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Error, Does.Contain("tone.sigmf-data: 100 % of 0.5 MiB read"));
            Assert.That(run.Report().GetProperty("signalDetected").GetBoolean(), Is.True);
        }
    }
}
