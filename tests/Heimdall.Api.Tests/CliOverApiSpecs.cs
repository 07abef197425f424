using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;
using Heimdall.Storage;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>The <c>heimdall</c> commands over the API, in process against the real API on <see cref="SeededMeasurements"/>.</summary>
[TestFixture]
public sealed class When_the_CLI_talks_to_the_API
{
    private ApiHost _api = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4));
        await SeedAsync(_api.Stack.Database, _api.Stack.Bucket);
        var store = _api.Stack.CreateObjectStore();
        await store.EnsureBucketAsync(store.Bucket, CancellationToken.None);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/1.sigmf-data", TestRecording.Data, "application/octet-stream", CancellationToken.None);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/1.sigmf-meta", TestRecording.Meta, "application/json", CancellationToken.None);
        _folder = Directory.CreateTempSubdirectory("heimdall-cli-").FullName;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        Directory.Delete(_folder, recursive: true);
        await _api.DisposeAsync();
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string? key, params string[] args) => CliRunner.RunAsync(_api, key, args);

    [Test]
    public async Task Receivers_list_Should_print_a_table_and_json_on_request()
    {
        var (code, output, _) = await RunAsync(ApiHost.ReadKey, "receivers", "list");
        var (jsonCode, json, _) = await RunAsync(ApiHost.ReadKey, "receivers", "list", "--json");

        var lines = output.TrimEnd().Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That((code, jsonCode), Is.EqualTo((0, 0)));
            Assert.That(lines, Has.Length.EqualTo(8));
            Assert.That(lines[0], Does.StartWith("id  name"));
            Assert.That(lines[1], Does.Contain("Aquila di Giaveno").And.Contain("144–146, 430–440").And.Contain("2026-11-20 03:00:00"));
            Assert.That(JsonNode.Parse(json)!.AsArray(), Has.Count.EqualTo(7));
        }
    }

    [Test]
    public async Task Receivers_Should_show_the_health_the_API_sends()
    {
        await _api.Stack.Database.ExecuteAsync("""
            insert into receiver_health (receiver_id, probed_at, reachable, latency_ms, detail) values
                (1, now() - interval '2 minutes', false, null, 'connection refused'),
                (1, now() - interval '1 minute', true, 12.4, 'answered'),
                (3, now() - interval '1 minute', false, null, 'timed out')
            """);
        var (code, output, _) = await RunAsync(ApiHost.ReadKey, "receivers", "list");
        var (showCode, show, _) = await RunAsync(ApiHost.ReadKey, "receivers", "show", "1");
        var rows = output.TrimEnd().Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That((code, showCode), Is.EqualTo((0, 0)));
            Assert.That(rows[0], Does.Contain("last capture (UTC)").And.EndWith("health"));
            Assert.That(rows[1], Does.EndWith("up 50%/24h"));
            Assert.That(rows[2], Does.EndWith("not probed"));
            Assert.That(rows[3], Does.EndWith("down 0%/24h"));
            Assert.That(show, Does.Match(@"health +up \(probed \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC, 12 ms\): answered"));
            Assert.That(show, Does.Contain("uptime        50% of 2 probes in 24 h, 50% of 2 probes in 7 d"));
            Assert.That(show, Does.Contain("last capture  2026-11-20 03:00:00 UTC"));
        }
    }

    [Test]
    public async Task Measurements_recent_Should_page_with_the_printed_cursor()
    {
        var (code, output, _) = await RunAsync(ApiHost.ReadKey, "measurements", "recent", "--limit", "5");
        var cursor = output.TrimEnd().Split('\n')[^1];
        Assert.That(cursor, Does.StartWith("more: --cursor "));
        var (nextCode, next, _) = await RunAsync(ApiHost.ReadKey, "measurements", "recent", "--limit", "5", "--cursor", cursor["more: --cursor ".Length..]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((code, nextCode), Is.EqualTo((0, 0)));
            Assert.That(output.TrimEnd().Split('\n'), Has.Length.EqualTo(1 + 5 + 1));
            Assert.That(next.TrimEnd().Split('\n'), Has.Length.EqualTo(1 + 3), "the last page has no cursor");
            Assert.That(next, Does.Contain(A0.ToString()));
        }
    }

    [Test]
    public async Task Stats_and_drift_Should_print_the_exact_figures()
    {
        var (statsCode, stats, _) = await RunAsync(ApiHost.ReadKey, "stats", "snr", "--hours", "4", "--receiver", "1");
        var (driftCode, drift, _) = await RunAsync(ApiHost.ReadKey, "drift", "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-20T04:00:00Z", "--receiver", "1", "--series");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((statsCode, driftCode), Is.EqualTo((0, 0)));
            Assert.That(stats.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
            {
                "1", "5", "4", "25.00", "10.00", "40.00", "12.91", "25.00", "37.00", "raw",
            }));
            Assert.That(drift.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "1", "4", "0.8000", "0.4243", "1.30" }));
            Assert.That(drift, Does.Contain("2026-11-20 03:00:00         1            4.00"));
        }
    }

    [Test]
    public async Task Acquisitions_Should_list_and_show_and_say_404_as_exit_4()
    {
        var (listCode, list, _) = await RunAsync(ApiHost.ReadKey, "acquisitions", "list", "--status", "partial");
        var (showCode, show, _) = await RunAsync(ApiHost.ReadKey, "acquisitions", "show", A3.ToString());
        var (missingCode, _, missing) = await RunAsync(ApiHost.ReadKey, "acquisitions", "show", Guid.Empty.ToString());

        using (Assert.EnterMultipleScope())
        {
            Assert.That((listCode, showCode, missingCode), Is.EqualTo((0, 0, ExitCodes.NotFound)));
            Assert.That(list.TrimEnd().Split('\n'), Has.Length.EqualTo(2));
            Assert.That(show, Does.Contain("status       partial (1 stored, 1 failed of 2)").And.Contain(FailureReason));
            Assert.That(missing, Does.StartWith("error: 404 Unknown acquisition.: No acquisition 00000000-0000-0000-0000-000000000000 is recorded."));
        }
    }

    [Test]
    public async Task Acquisitions_show_Should_print_each_measurement_with_its_basis_and_its_standard_uncertainties()
    {
        await _api.Stack.Database.ExecuteAsync($"""
            update measurements set basis = 'audio', snr_sigma_db = 0.08, frequency_offset_sigma_hz = 2.5, power_sigma_db = 0.25
            where acquisition_id = '{A3}'
            """);

        var (code, show, _) = await RunAsync(ApiHost.ReadKey, "acquisitions", "show", A3.ToString());

        var header = show.Split('\n').Single(l => l.TrimStart().StartsWith("rx ", StringComparison.Ordinal));
        var row = show.Split('\n').Single(l => l.Contains(" audio ", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero);
            Assert.That(header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4), Is.EqualTo(new[] { "rx", "outcome", "basis", "SNR" }));
            Assert.That(row, Does.Contain("±0.08").And.Contain("±2.50").And.Contain("±0.25"), "SNR, offset and power, each with its sigma");
        }
    }

    [Test]
    public async Task Acquisitions_show_and_measurements_recent_Should_print_each_warning_and_the_attempts_of_each_measurement()
    {
        const string Late = "The capture comes from attempt 2 of the receiver, 0.812 s after the requested start: attempt 1 failed: timed out.";
        const string Gaps = "3 packets missing.";
        await _api.Stack.Database.ExecuteAsync($"update measurements set warnings = array['{Late}', '{Gaps}'], attempts = 2 where acquisition_id = '{A3}' and receiver_id = 1");
        try
        {
            var (code, show, _) = await RunAsync(ApiHost.ReadKey, "acquisitions", "show", A3.ToString());
            var (recentCode, recent, _) = await RunAsync(ApiHost.ReadKey, "measurements", "recent", "--receiver", "1", "--limit", "2");

            var lines = show.Split('\n');
            var header = lines.Single(l => l.TrimStart().StartsWith("rx ", StringComparison.Ordinal));
            var recentLines = recent.TrimEnd().Split('\n');
            using (Assert.EnterMultipleScope())
            {
                Assert.That((code, recentCode), Is.EqualTo((0, 0)));
                Assert.That(lines.Where(l => l.StartsWith("warning", StringComparison.Ordinal)), Is.EqualTo(new[] { $"warning      rx 1: {Late}", $"warning      rx 1: {Gaps}" }));
                Assert.That(Cells(lines.Single(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal)))[Array.IndexOf(Cells(header), "tries")], Is.EqualTo("2"));
                Assert.That(Cells(lines.Single(l => l.TrimStart().StartsWith("2 ", StringComparison.Ordinal)))[Array.IndexOf(Cells(header), "tries")], Is.EqualTo("-"),
                    "a failed receiver has no measurement");
                Assert.That(Cells(recentLines[0])[^2..], Is.EqualTo(new[] { "tries", "warnings" }));
                Assert.That(Cells(recentLines[1]).Where((_, i) => i is 1 or >= 9), Is.EqualTo(new[] { A3.ToString(), "2", "2" }), "A3 first (newest): 2 tries, 2 warnings");
                Assert.That(Cells(recentLines[2])[^2..], Is.EqualTo(new[] { "-", "0" }), "a row stored before the columns: unknown attempts, no warnings");
                Assert.That(recentLines[3..5], Is.EqualTo(new[] { $"warning  {A3} rx 1: {Late}", $"warning  {A3} rx 1: {Gaps}" }));
                Assert.That(recentLines[5], Does.StartWith("more: --cursor "));
            }
        }
        finally
        {
            await _api.Stack.Database.ExecuteAsync($"update measurements set warnings = null, attempts = null where acquisition_id = '{A3}'");
        }
    }

    /// <summary>The cells of a line of the CLI's tables (padded to their column, at least two spaces apart).</summary>
    private static string[] Cells(string line) => System.Text.RegularExpressions.Regex.Split(line.Trim(), @"\s{2,}");

    [Test]
    public async Task Recording_get_Should_write_the_pair_that_analyze_reads()
    {
        var (code, output, error) = await RunAsync(ApiHost.ReadKey, "recording", "get", A0.ToString(), "1", "-o", _folder);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(_folder, "1.sigmf-data")), Is.EqualTo(TestRecording.Data));
        Assert.That(output, Does.Contain("heimdall analyze"));

        var (analyzeCode, report, analyzeError) = await RunAsync(null, "analyze", Path.Combine(_folder, "1.sigmf-meta"));
        Assert.That(analyzeCode, Is.EqualTo(0), analyzeError);
        Assert.That(JsonNode.Parse(report)!["sampleCount"]!.GetValue<long>(), Is.EqualTo(TestRecording.Samples));

        var (missingCode, _, _) = await RunAsync(ApiHost.ReadKey, "recording", "get", A0.ToString(), "2", "-o", _folder);
        Assert.That(missingCode, Is.EqualTo(ExitCodes.NotFound));
        Assert.That(File.Exists(Path.Combine(_folder, "2.sigmf-meta")), Is.False, "nothing left behind");
    }

    [Test]
    public async Task Recording_get_Should_not_overwrite_without_force_and_print_JSON_on_request()
    {
        var folder = Path.Combine(_folder, "again");
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "1.sigmf-data");
        await File.WriteAllTextAsync(data, "mine");
        var (refused, refusedOutput, refusedError) = await RunAsync(ApiHost.ReadKey, "recording", "get", A0.ToString(), "1", "-o", folder);
        Assert.That((refused, refusedOutput), Is.EqualTo((ExitCodes.Failed, "")));
        Assert.That(refusedError, Is.EqualTo($"error: {data} exists: give --force to overwrite it (nothing was written)\n"));
        Assert.That(await File.ReadAllTextAsync(data), Is.EqualTo("mine"));
        Assert.That(File.Exists(Path.Combine(folder, "1.sigmf-meta")), Is.False, "nothing written");

        var (forced, json, _) = await RunAsync(ApiHost.ReadKey, "recording", "get", A0.ToString(), "1", "-o", folder, "--force", "--json");
        var report = JsonNode.Parse(json)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forced, Is.Zero);
            Assert.That(report["acquisitionId"]!.GetValue<string>(), Is.EqualTo(A0.ToString()));
            Assert.That(report["files"]!.AsArray().Select(f => (f!["path"]!.GetValue<string>(), f["bytes"]!.GetValue<long>())), Is.EqualTo(new[]
            {
                (Path.Combine(folder, "1.sigmf-meta"), (long)TestRecording.Meta.Length), (data, (long)TestRecording.Data.Length),
            }));
            Assert.That(await File.ReadAllBytesAsync(data), Is.EqualTo(TestRecording.Data));
        }
    }

    [Test]
    public async Task Receiver_writes_Should_need_a_write_key_and_report_every_broken_rule()
    {
        string[] add = ["receivers", "add", "--name", "Superga", "--kind", "simulated", "--url", "sim://superga", "--latitude", "45.08",
            "--longitude", "7.77", "--min-frequency", "144e6", "--max-frequency", "146e6", "--sample-rate", "12000", "--band", "144e6:145e6"];
        var (anonymous, _, anonymousError) = await RunAsync(null, add);
        var (readOnly, _, readOnlyError) = await RunAsync(ApiHost.ReadKey, add);
        var (added, addedOutput, _) = await RunAsync(ApiHost.WriteKey, add);
        var (updated, updatedOutput, _) = await RunAsync(ApiHost.WriteKey, "receivers", "update", "8", "--sample-rate", "24000");
        var (disabled, _, _) = await RunAsync(ApiHost.WriteKey, "receivers", "disable", "8");
        var (renamed, _, renamedError) = await RunAsync(ApiHost.WriteKey, "receivers", "update", "8", "--id", "9");
        var (withOption, _, _) = await RunAsync(null, "receivers", "enable", "8", "--api-key", ApiHost.WriteKey);
        var (broken, _, brokenError) = await RunAsync(ApiHost.WriteKey, "receivers", "update", "8", "--latitude", "91", "--retries", "11");
        var (removed, _, _) = await RunAsync(ApiHost.WriteKey, "receivers", "remove", "8");

        var (wrongKey, _, wrongKeyError) = await RunAsync("wrong-key-wrong-key-wrong", "receivers", "list");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((anonymous, readOnly), Is.EqualTo((ExitCodes.Unauthorized, ExitCodes.Unauthorized)));
            Assert.That(anonymousError, Is.EqualTo("error: 401 API key required.: This operation changes state: send a key of Api:Keys in the X-Api-Key header.\n"
                + "  give a key with --api-key or HEIMDALL_API_KEY: one of the API's Api:Keys (or Api:ReadKeys for reading)\n"));
            Assert.That(readOnlyError, Does.EndWith("\n  the key is read-only (the API's Api:ReadKeys): this command changes state and needs a key of Api:Keys (--api-key or HEIMDALL_API_KEY)\n"));
            Assert.That(withOption, Is.Zero, "--api-key is sent as X-Api-Key");
            Assert.That(wrongKey, Is.EqualTo(ExitCodes.Unauthorized));
            Assert.That(wrongKeyError, Does.EndWith("\n  the key given (--api-key or HEIMDALL_API_KEY) is none of the API's keys: check it\n"));
            Assert.That((added, updated, disabled, removed), Is.EqualTo((0, 0, 0, 0)));
            Assert.That(renamed, Is.EqualTo(ExitCodes.Usage), "the id cannot change: refused, not ignored");
            Assert.That(renamedError, Does.StartWith("error: receivers update cannot change a receiver's id (the id is its key)"));
            Assert.That(addedOutput, Does.Contain("bands         144–145 MHz"));
            Assert.That(updatedOutput, Does.Contain("sample rate   24000 Hz").And.Contain("bands         144–145 MHz"));
            Assert.That(broken, Is.EqualTo(ExitCodes.Rejected));
            Assert.That(brokenError, Does.Contain("  latitude: latitude must be between -90 and 90 (got 91).").And.Contain("  retryCount: retryCount must be between 0 and 10 (got 11)."));
            Assert.That(await _api.Stack.Database.ScalarAsync<long>("select count(*) from receivers"), Is.EqualTo(7));
        }
    }
}

/// <summary>A small ci16_le recording: a tone, so analyze measures it.</summary>
internal static class TestRecording
{
    public const int Samples = 4096;

    public static byte[] Data { get; } = Build();

    public static byte[] Meta { get; } = System.Text.Encoding.UTF8.GetBytes(
        "{\"global\":{\"core:datatype\":\"ci16_le\",\"core:sample_rate\":12000,\"core:version\":\"1.2.0\"},\"captures\":[{\"core:sample_start\":0,\"core:frequency\":145500000}],\"annotations\":[]}");

    private static byte[] Build()
    {
        var bytes = new byte[Samples * 4];
        var random = new Random(3);
        for (var n = 0; n < Samples; n++)
        {
            var phase = 2 * Math.PI * 1000 * n / 12000.0;
            BitConverter.TryWriteBytes(bytes.AsSpan(n * 4), (short)((8000 * Math.Cos(phase)) + (random.NextDouble() * 200) - 100));
            BitConverter.TryWriteBytes(bytes.AsSpan((n * 4) + 2), (short)((8000 * Math.Sin(phase)) + (random.NextDouble() * 200) - 100));
        }

        return bytes;
    }
}
