using System.Diagnostics;
using System.Text;
using Heimdall.IqArchiver.SigMf;
using Heimdall.Testing;

namespace Heimdall.IqArchiver.Tests;

/// <summary>What real tools see in the archived JSON: plain apostrophes, and collection streams as objects.</summary>
public sealed class SigMfJsonTests
{
    private static readonly Heimdall.Contracts.IqCaptured Capture = Captures.IqCaptured(
        Guid.Parse("3f2c6f5e-8d0b-4a8e-9a51-0f0c1d2e3a4b"), 9, Captures.Iq(9, 64)) with
    {
        Receiver = new Heimdall.Contracts.ReceiverSnapshot { Name = "Monte d'Oro <north> & co", Kind = "rtl_tcp", Latitude = 45, Longitude = 7 },
    };

    [Test]
    public void When_a_name_holds_an_apostrophe_the_meta_Should_write_it_plainly_and_escape_the_rest_as_before()
    {
        var meta = Encoding.UTF8.GetString(SigMfMetadata.Build(Capture, "Heimdall IqArchiver"));

        Assert.Multiple(() =>
        {
            Assert.That(meta, Does.Contain("\"heimdall:receiver_name\": \"Monte d'Oro \\u003Cnorth\\u003E \\u0026 co\""));
            Assert.That(meta, Does.Contain("receiver 9 'Monte d'Oro"));
            Assert.That(meta, Does.Not.Contain("\\u0027"));
            Assert.That(SigMfSchemas.ValidateMeta(Encoding.UTF8.GetBytes(meta)), Is.Empty);
        });
    }

    [Test]
    public void When_the_capture_names_its_passband_the_meta_Should_record_it_as_heimdall_passband()
    {
        var meta = System.Text.Json.Nodes.JsonNode.Parse(SigMfMetadata.Build(
            Capture with { Passband = new Heimdall.Contracts.CapturePassband { LowHz = -5_000, HighHz = 5_000 } }, "Heimdall IqArchiver"))!["global"]!;
        var older = System.Text.Json.Nodes.JsonNode.Parse(SigMfMetadata.Build(Capture with { Passband = null }, "Heimdall IqArchiver"))!["global"]!;

        Assert.Multiple(() =>
        {
            Assert.That(meta["heimdall:passband"]!.ToJsonString(), Is.EqualTo("""{"low_hz":-5000,"high_hz":5000}"""));
            Assert.That(meta["core:extensions"]![0]!["version"]!.GetValue<string>(), Is.EqualTo("1.3.0"));
            Assert.That(older["heimdall:passband"], Is.Null, "an older producer's capture: no passband recorded (the whole band)");
            Assert.That(SigMfSchemas.ValidateMeta(SigMfMetadata.Build(Capture with { Passband = new Heimdall.Contracts.CapturePassband { LowHz = -5_000, HighHz = 5_000 } }, "r")), Is.Empty);
        });
    }

    [Test]
    public void When_the_capture_says_how_many_attempts_it_took_the_meta_Should_record_them_in_heimdall_timing()
    {
        var timing = new Heimdall.Contracts.CaptureTiming { Source = Heimdall.Contracts.TimingSources.HostClock, Attempts = 2 };
        var meta = System.Text.Json.Nodes.JsonNode.Parse(SigMfMetadata.Build(Capture with { Timing = timing }, "r"))!["global"]!["heimdall:timing"]!;
        var older = System.Text.Json.Nodes.JsonNode.Parse(SigMfMetadata.Build(Capture with { Timing = timing with { Attempts = null } }, "r"))!["global"]!["heimdall:timing"]!;

        Assert.Multiple(() =>
        {
            Assert.That(meta["attempts"]?.GetValue<int>(), Is.EqualTo(2));
            Assert.That(older.AsObject().ContainsKey("attempts"), Is.True);
            Assert.That(older["attempts"], Is.Null, "an older producer's capture: the attempts are unknown (JSON null)");
            Assert.That(SigMfSchemas.ValidateMeta(SigMfMetadata.Build(Capture with { Timing = timing }, "r")), Is.Empty);
        });
    }

    [Test]
    public void When_a_collection_is_written_its_streams_Should_be_name_and_hash_objects()
    {
        var collection = SigMfCollection.Build(Capture.AcquisitionId, [("1", new string('a', 128)), ("9", new string('b', 128))]);

        Assert.That(SigMfSchemas.ValidateCollection(collection), Is.Empty);
        Assert.That(Encoding.UTF8.GetString(collection), Does.Contain("""
                  {
                    "name": "1",
                    "hash": "aaaa
            """.TrimEnd()));
    }

    /// <summary>
    /// The way sigmf-python reads them (json.load, then <c>stream.get("name")</c> and <c>.get("hash")</c> on each
    /// element of core:streams; a list has no <c>.get</c>), run by python3 on the bytes Heimdall writes.
    /// </summary>
    [Test]
    public async Task When_python_reads_the_meta_and_the_collection_like_sigmf_python_Should_get_the_names_the_hashes_and_the_apostrophe()
    {
        var folder = Directory.CreateTempSubdirectory("heimdall-sigmf-json-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "9.sigmf-meta"), SigMfMetadata.Build(Capture, "Heimdall IqArchiver"));
            await File.WriteAllBytesAsync(Path.Combine(folder, "acquisition.sigmf-collection"),
                SigMfCollection.Build(Capture.AcquisitionId, [("9", new string('c', 128))]));
            const string Script = """
                import json, sys
                folder = sys.argv[1]
                with open(folder + "/acquisition.sigmf-collection", encoding="utf-8") as f:
                    streams = json.load(f)["collection"]["core:streams"]
                for stream in streams:
                    print(stream.get("name"), stream.get("hash")[:4])
                with open(folder + "/9.sigmf-meta", encoding="utf-8") as f:
                    print(json.load(f)["global"]["heimdall:receiver_name"])
                """;
            var (exitCode, output, error) = await RunPythonAsync(Script, folder);

            Assert.That(exitCode, Is.Zero, error);
            Assert.That(output.ReplaceLineEndings("\n"), Is.EqualTo("9 cccc\nMonte d'Oro <north> & co\n"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunPythonAsync(string script, string argument)
    {
        var start = new ProcessStartInfo("python3", ["-c", script, argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("python3 is not installed: the check of what a Python reader sees is skipped.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
    }
}
