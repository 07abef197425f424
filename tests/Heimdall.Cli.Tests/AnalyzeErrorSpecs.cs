using System.Buffers.Binary;

namespace Heimdall.Cli.Tests;

/// <summary>Every recording that cannot be analysed: exit code 1, nothing on stdout, one <c>error: </c> line naming the problem and the file.</summary>
[TestFixture]
public sealed class When_a_recording_cannot_be_analyzed
{
    private RecordingDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new RecordingDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task Without_its_meta_file_Should_name_the_meta_path()
    {
        var basePath = _directory.Write("lonely", meta: null, data: new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath + ".sigmf-data");

        AssertFailed(run, "metadata file not found", basePath + ".sigmf-meta");
    }

    [Test]
    public async Task Without_its_data_file_Should_name_the_data_path_looked_for()
    {
        var basePath = _directory.Write("empty", RecordingDirectory.Meta(), data: null);

        var run = await AnalyzeRun.StartAsync(basePath + ".sigmf-meta");

        AssertFailed(run, "data file not found: looked for " + basePath + ".sigmf-data");
    }

    [TestCase("\"ri16_le\"", "unsupported datatype 'ri16_le'")]
    [TestCase("\"CI16_LE\"", "unsupported datatype 'CI16_LE'")]
    [TestCase("16", "unsupported datatype '16'")]
    public async Task With_an_unsupported_datatype_Should_name_it_and_list_the_supported_ones(string datatype, string problem)
    {
        var basePath = _directory.Write("odd", RecordingDirectory.Meta(datatype: datatype), new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, problem, "supported: ci16_le, cu8, cf32_le", basePath + ".sigmf-meta");
    }

    [Test]
    public async Task Without_a_datatype_Should_say_it_is_missing()
    {
        var basePath = _directory.Write("odd", RecordingDirectory.Meta(datatype: null), new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, "global.core:datatype is missing", basePath + ".sigmf-meta");
    }

    [Test]
    public async Task With_malformed_JSON_Should_give_the_line_and_position()
    {
        const string TrailingComma = "{\n  \"global\": {\n    \"core:datatype\": \"ci16_le\",\n  }\n}\n";
        var basePath = _directory.Write("broken", TrailingComma, new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-meta: malformed JSON at line 4, position 3");
    }

    [Test]
    public async Task With_empty_metadata_Should_say_it_is_malformed()
    {
        var basePath = _directory.Write("blank", "", new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-meta: malformed JSON at line 1, position 1");
    }

    [Test]
    public async Task Without_a_global_object_Should_say_so()
    {
        var basePath = _directory.Write("bare", "[1, 2]", new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-meta: no \"global\" object");
    }

    [TestCase(null, "global.core:sample_rate is missing")]
    [TestCase("\"12000\"", "global.core:sample_rate is not a number (got \"12000\")")]
    [TestCase("null", "global.core:sample_rate is not a number (got null)")]
    [TestCase("0", "global.core:sample_rate must be positive (got 0)")]
    [TestCase("-12000", "global.core:sample_rate must be positive (got -12000)")]
    [TestCase("1e400", "global.core:sample_rate is not a number (got 1e400)")]
    public async Task With_a_bad_sample_rate_Should_name_the_problem(string? sampleRate, string problem)
    {
        var basePath = _directory.Write("rate", RecordingDirectory.Meta(sampleRate: sampleRate), new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-meta: " + problem);
    }

    [TestCase("{\"low_hz\": 5000, \"high_hz\": -5000}", "global.heimdall:passband: The passband's lower edge (5000 Hz) must be below its upper edge (-5000 Hz)")]
    [TestCase("\"±5 kHz\"", "global.heimdall:passband must be an object with the numbers low_hz and high_hz (got \"±5 kHz\")")]
    [TestCase("{\"low_hz\": 7000, \"high_hz\": 9000}", "cannot be measured as ci16_le samples: The passband 7000 … 9000 Hz lies outside the captured band, ±6000 Hz around the tuned frequency.")]
    public async Task With_a_recorded_passband_that_is_not_one_Should_name_the_problem(string passband, string problem)
    {
        var basePath = _directory.Write("passband", RecordingDirectory.Meta(extraGlobal: "\"heimdall:passband\": " + passband), new byte[4096]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, problem);
    }

    [Test]
    public async Task With_a_non_numeric_capture_frequency_Should_name_it()
    {
        var basePath = _directory.Write("tuned", RecordingDirectory.Meta(frequency: "\"145.5 MHz\""), new byte[64]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-meta: captures[0].core:frequency is not a number (got \"145.5 MHz\")");
    }

    [Test]
    public async Task With_a_byte_count_that_is_not_whole_samples_Should_name_the_data_file()
    {
        var basePath = _directory.Write("ragged", RecordingDirectory.Meta(), new byte[(1000 * 4) + 2]);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-data");
    }

    [Test]
    public async Task With_NaN_in_cf32_samples_Should_name_the_data_file_and_NaN()
    {
        var data = new byte[1000 * 8];
        for (var n = 0; n < 1000; n++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(n * 8), n == 500 ? float.NaN : 0.01f * (n % 7));
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan((n * 8) + 4), 0.02f);
        }

        var basePath = _directory.Write("nan", RecordingDirectory.Meta(datatype: "\"cf32_le\""), data);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-data", "cf32_le sample 500 is not a finite number (I = NaN, Q = 0.02)");
    }

    [Test]
    public async Task With_an_empty_data_file_Should_name_the_data_file()
    {
        var basePath = _directory.Write("silent", RecordingDirectory.Meta(), []);

        var run = await AnalyzeRun.StartAsync(basePath);

        AssertFailed(run, basePath + ".sigmf-data");
    }

    private static void AssertFailed(AnalyzeRun run, params string[] expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
            Assert.That(run.Output, Is.Empty);
            Assert.That(run.Error, Does.StartWith("error: "));
            Assert.That(run.Error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
            foreach (var text in expected)
            {
                Assert.That(run.Error, Does.Contain(text));
            }
        }
    }
}
