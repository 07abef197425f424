using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Simulation;
using Heimdall.Localisation.Tests;
using Heimdall.Signal.Tests.Timing;
using Heimdall.Signal.Timing;

namespace Heimdall.Cli.Tests;

/// <summary><c>heimdall locate</c> in process: on SigMF recordings as the archive writes them, on kiwi-wav files, and its errors.</summary>
[TestFixture]
public sealed class When_recordings_are_located
{
    private RecordingDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new RecordingDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HeimdallCommandLine.RunAsync(["locate", .. args], new CliContext { Output = output, Error = error, Environment = _ => null }, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Four simulated KiwiSDRs (TdoaSimulator) written as the archive writes GNSS-timed captures: ci16_le data, the
    /// receiver in core:geolocation and heimdall:receiver_name, heimdall:timing, a segment at sample 0 with the start and
    /// one segment per stamp (every 512 samples, UTC to the 100 ns tick).
    /// </summary>
    private (TdoaScenario Scenario, string Folder) WriteArchive()
    {
        var frame = new LocalFrame(TdoaGeometries.Centre);
        var scenario = new TdoaScenario
        {
            Transmitter = frame.FromEnu(6_000, -4_000, 0),
            Receivers = new[] { (-25, -20), (28, -22), (24, 27), (-26, 25) }
                .Select((p, i) => new SimulatedReceiver($"Kiwi {i + 1}", frame.FromEnu(p.Item1 * 1000, p.Item2 * 1000, 0), 15, ClockPpm: (i - 1.5) * 80, StartOffsetSeconds: i * 0.002)).ToList(),
            CenterFrequencyHz = 7_074_000,
        };
        var captures = TdoaSimulator.Generate(scenario, new Propagation(PropagationMode.GroundWave), 5).Captures;
        foreach (var (capture, index) in captures.Select((c, i) => (c, i)))
        {
            _directory.Write((index + 1).ToString(CultureInfo.InvariantCulture), Meta(capture, index + 1), Data(capture));
        }

        return (scenario, _directory.Path);
    }

    private static string Meta(StationCapture capture, int receiverId)
    {
        var clock = capture.Clock!;
        string Utc(long index) => KiwiGnssClock.ToUtc(clock.StartGpsNanoseconds + (long)Math.Round(index * 1e9 / clock.SampleRateHz)).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var stamps = Enumerable.Range(1, (capture.Samples.Length / 512) - 1).Select(k => 512L * k).ToList();
        var captures = new JsonArray(new JsonObject { ["core:sample_start"] = 0, ["core:frequency"] = capture.CenterFrequencyHz, ["core:datetime"] = Utc(0) });
        foreach (var index in stamps)
        {
            captures.Add(new JsonObject { ["core:sample_start"] = index, ["core:frequency"] = capture.CenterFrequencyHz, ["core:datetime"] = Utc(index) });
        }

        return new JsonObject
        {
            ["global"] = new JsonObject
            {
                ["core:datatype"] = "ci16_le",
                ["core:sample_rate"] = clock.SampleRateHz,
                ["core:geolocation"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(capture.Position!.Longitude, capture.Position.Latitude, capture.Position.AltitudeM) },
                ["heimdall:receiver_id"] = receiverId,
                ["heimdall:receiver_name"] = capture.Name,
                ["heimdall:receiver_kind"] = "kiwisdr",
                ["heimdall:timing"] = new JsonObject { ["source"] = "gnss", ["measured_sample_rate_hz"] = clock.SampleRateHz, ["stamp_count"] = stamps.Count },
            },
            ["captures"] = captures,
            ["annotations"] = new JsonArray(),
        }.ToJsonString();
    }

    private static byte[] Data(StationCapture capture)
    {
        var data = new byte[capture.Samples.Length * 4];
        for (var n = 0; n < capture.Samples.Length; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * n), (short)Math.Round(capture.Samples[n].Real * 32768));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((4 * n) + 2), (short)Math.Round(capture.Samples[n].Imaginary * 32768));
        }

        return data;
    }

    [Test]
    public async Task From_the_archives_SigMF_recordings_Should_locate_with_the_positions_they_carry_and_write_GeoJSON_and_KML()
    {
        var (scenario, folder) = WriteArchive();
        var geoJson = System.IO.Path.Combine(folder, "location.geojson");
        var kml = System.IO.Path.Combine(folder, "location.kml");

        var (code, output, error) = await RunAsync(folder, "--json", "--geojson", geoJson, "--kml", kml);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var estimate = new GeoPosition(root.GetProperty("latitude").GetDouble(), root.GetProperty("longitude").GetDouble());
        var (e, n, _) = new LocalFrame(scenario.Transmitter).ToEnu(estimate);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error, Is.Empty);
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("located"));
            Assert.That(root.GetProperty("propagation").GetString(), Is.EqualTo("ground-wave"), "7.074 MHz is below 30 MHz");
            Assert.That(root.GetProperty("stations").EnumerateArray().Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "Kiwi 1", "Kiwi 2", "Kiwi 3", "Kiwi 4" }));
            Assert.That(root.GetProperty("stations").EnumerateArray().Select(s => s.GetProperty("receiverId").GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(root.GetProperty("stations").EnumerateArray().Select(s => s.GetProperty("timingSource").GetString()), Is.All.EqualTo("gnss"));
            Assert.That(Math.Sqrt((e * e) + (n * n)), Is.LessThan(root.GetProperty("ellipse95").GetProperty("semiMajorM").GetDouble()));
            Assert.That(JsonDocument.Parse(File.ReadAllText(geoJson)).RootElement.GetProperty("features").GetArrayLength(), Is.EqualTo(2 + 4 + 6));
            Assert.That(File.ReadAllText(kml), Does.StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>").And.Contain("<Placemark>"));
        }
    }

    [Test]
    public async Task With_a_position_given_for_a_receiver_Should_use_it_over_the_recordings()
    {
        var (_, folder) = WriteArchive();

        var (code, output, _) = await RunAsync(folder, "--json", "--position", "kiwi 2=45.5,8.5,100");

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        var station = JsonDocument.Parse(output).RootElement.GetProperty("stations")[1];
        Assert.That((station.GetProperty("latitude").GetDouble(), station.GetProperty("longitude").GetDouble(), station.GetProperty("altitudeM").GetDouble()), Is.EqualTo((45.5, 8.5, 100.0)));
    }

    [Test]
    public async Task As_a_summary_Should_print_the_position_the_ellipse_the_receivers_and_the_pairs()
    {
        var (_, folder) = WriteArchive();

        var (code, output, _) = await RunAsync(folder);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        var lines = output.Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Does.Match(@"^located: \d+\.\d{4}° N, \d+\.\d{4}° E  \(\d+\.\d+, \d+\.\d+\)$"));
            Assert.That(lines[1], Does.Match(@"^95 % ellipse: \d+(\.\d+)? k?m × \d+(\.\d+)? k?m, major axis \d+° from north; GDOP \d"));
            Assert.That(lines[2], Does.StartWith("ground-wave at 7.074 MHz; "));
            Assert.That(output, Does.Contain("receiver  used").And.Contain("pair").And.Contain("Kiwi 1→Kiwi 2"));
        }
    }

    [Test]
    public async Task From_two_kiwi_wav_files_Should_give_their_hyperbola_and_no_point()
    {
        var frame = new LocalFrame(TdoaGeometries.Centre);
        foreach (var name in new[] { "ONE", "TWO" })
        {
            var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(60, 12_001.0843, 585_018, b => Enumerable.Range(0, 1024).Select(i => (short)((b * 31 + i * 7) % 2000 - 1000)).ToArray()));
            File.WriteAllBytes(System.IO.Path.Combine(_directory.Path, $"20261128T183000Z_77500_{name}_iq.wav"), file);
        }

        var (code, output, error) = await RunAsync(_directory.Path, "--position", "ONE=45,7", "--position", "TWO=45.5,7.5", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), error);
            Assert.That(JsonDocument.Parse(output).RootElement.GetProperty("status").GetString(), Is.EqualTo("hyperbola"));
            Assert.That(JsonDocument.Parse(output).RootElement.GetProperty("latitude").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }

    [Test]
    public async Task When_no_recording_has_a_position_Should_warn_for_each_and_fail_with_the_reason()
    {
        var file = KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(10, 12_001.0843, 585_018, _ => new short[1024]));
        File.WriteAllBytes(System.IO.Path.Combine(_directory.Path, "20261128T183000Z_77500_ONE_iq.wav"), file);

        var (code, _, error) = await RunAsync(_directory.Path);

        Assert.That(code, Is.EqualTo(ExitCodes.Failed));
        Assert.That(error, Is.EqualTo("warning: no position for ONE: give it with --position ONE=LAT,LON\n"
                                      + "error: not located: no usable receiver: none has a position, a GNSS time base and a span in common with another\n"));
    }

    [TestCase("nothing-here.wav", "error: file not found: ")]
    [TestCase("nothing-here.sigmf-meta", "error: metadata file not found: ")]
    public async Task When_a_file_is_missing_Should_fail_naming_it(string name, string message)
    {
        var (code, _, error) = await RunAsync(System.IO.Path.Combine(_directory.Path, name));

        Assert.That(code, Is.EqualTo(ExitCodes.Failed));
        Assert.That(error, Does.StartWith(message).And.Contain(_directory.Path));
    }

    [Test]
    public async Task When_a_wav_file_is_not_named_as_kiwirecorder_names_them_Should_fail_saying_why_the_name_matters()
    {
        var path = System.IO.Path.Combine(_directory.Path, "capture.wav");
        File.WriteAllBytes(path, KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(3, 12_001.0843, 585_018, _ => new short[1024])));

        var (code, _, error) = await RunAsync(path);

        Assert.That(code, Is.EqualTo(ExitCodes.Failed));
        Assert.That(error, Does.StartWith($"error: {path}: not a kiwi-wav recording that can be located: the file name is not kiwirecorder's"));
    }

    [Test]
    public async Task When_a_position_names_no_recording_Should_fail_listing_the_receivers()
    {
        var (_, folder) = WriteArchive();

        var (code, _, error) = await RunAsync(folder, "--position", "Elsewhere=45,7");

        Assert.That(code, Is.EqualTo(ExitCodes.Failed));
        Assert.That(error, Is.EqualTo("error: 'Elsewhere' (given to --position or --delay) is none of the recordings' receivers (Kiwi 1, Kiwi 2, Kiwi 3, Kiwi 4)\n"));
    }

    [TestCase(new string[0], "error: which recordings? Give the kiwi-wav files or SigMF recordings (or their folder)")]
    [TestCase(new[] { "a.wav", "--position", "A=95,7" }, "error: --position takes NAME=LAT,LON[,ALT_M] with a latitude within ±90 and a longitude within ±180, like HB9ODP=46.4994,8.7988 (got 'A=95,7')")]
    [TestCase(new[] { "a.wav", "--position", "A=45,7", "--position", "a=46,7" }, "error: --position gives 'a' twice")]
    [TestCase(new[] { "a.wav", "--propagation", "sky-wave" }, "error: --propagation is ground-wave or line-of-sight (got 'sky-wave')")]
    [TestCase(new[] { "a.wav", "--positon", "A=45,7" }, "error: unknown option --positon")]
    public async Task When_the_line_is_wrong_Should_exit_2_with_the_problem_and_the_usage(string[] args, string problem)
    {
        var (code, output, error) = await RunAsync(args);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Usage));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.StartWith(problem));
            Assert.That(error, Does.Contain("usage: " + LocateArguments.Usage));
        }
    }

    [Test]
    public async Task With_an_acquisition_id_and_no_API_Should_exit_1_saying_the_API_cannot_be_reached()
    {
        var id = Guid.NewGuid();

        var (code, output, error) = await RunAsync(id.ToString(), "--api", "http://127.0.0.1:9");

        Assert.That(code, Is.EqualTo(ExitCodes.Failed));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("error: cannot reach the API at http://127.0.0.1:9/"));
    }

    [Test]
    public async Task A_kiwi_wav_file_Should_be_analyzed_at_the_rate_its_stamps_measure_with_its_time_base()
    {
        var path = System.IO.Path.Combine(_directory.Path, "20261128T183000Z_77500_ONE_iq.wav");
        File.WriteAllBytes(path, KiwiWavWriter.Write(12001, KiwiWavWriter.Clock(40, 12_001.0843, 585_018,
            b => Enumerable.Range(0, 1024).Select(i => (short)(i % 2 == 0 ? 1000 * Math.Cos(((b * 512) + (i / 2)) * 0.3) : 1000 * Math.Sin(((b * 512) + (i / 2)) * 0.3))).ToArray())));

        var run = await AnalyzeRun.StartAsync(path);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var report = run.Report();
        var timing = report.GetProperty("timing");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.GetProperty("recording").GetString(), Is.EqualTo(path));
            Assert.That(report.GetProperty("datatype").GetString(), Is.EqualTo("ci16_le"));
            Assert.That(report.GetProperty("sampleRateHz").GetDouble(), Is.EqualTo(12_001.0843).Within(1e-3));
            Assert.That(report.GetProperty("frequencyHz").GetDouble(), Is.EqualTo(77_500));
            Assert.That(report.GetProperty("sampleCount").GetInt64(), Is.EqualTo(40 * 512));
            Assert.That(report.GetProperty("frequencyOffsetHz").GetDouble(), Is.EqualTo(0.3 / (2 * Math.PI) * 12_001.0843).Within(1));
            Assert.That(timing.GetProperty("source").GetString(), Is.EqualTo("gnss"));
            Assert.That(timing.GetProperty("stampCount").GetInt32(), Is.EqualTo(39));
            Assert.That(timing.GetProperty("problem").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(timing.GetProperty("warnings")[0].GetString(), Does.StartWith("the first block (512 samples) has no GNSS stamp"));
        }
    }

    [Test]
    public async Task The_real_DCF77_set_Should_be_located_within_1_6_km_of_Mainflingen()
    {
        if (Dcf77Set.Folder() is not { } folder)
        {
            Assert.Ignore(Dcf77Set.Missing);
            return;
        }

        var (code, output, error) = await RunAsync([folder, .. Dcf77Set.PositionArguments, "--json"]);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), error);
        var estimate = JsonDocument.Parse(output).RootElement;
        var position = new GeoPosition(estimate.GetProperty("latitude").GetDouble(), estimate.GetProperty("longitude").GetDouble());
        Assert.That(Geodesic.Inverse(Dcf77Set.Truth, position).Metres, Is.LessThan(1_600));
    }
}
