using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Tests;

/// <summary>The command line itself (System.CommandLine): help, version, wrong words, exit codes. Needs no services.</summary>
[TestFixture]
public sealed class When_the_command_line_is_given
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // No broker, no API: anything that tried to reach one would fail, not hang.
        var context = new CliContext { Output = output, Error = error, Environment = _ => null };
        var code = await HeimdallCommandLine.RunAsync(args, context, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [TestCase("demo")]
    [TestCase("bench")]
    [TestCase("analyze")]
    [TestCase("locate")]
    [TestCase("receivers")]
    [TestCase("receivers", "add")]
    [TestCase("acquisitions", "show")]
    [TestCase("measurements", "recent")]
    [TestCase("stats", "snr")]
    [TestCase("drift")]
    [TestCase("recording", "get")]
    [TestCase("acquisitions", "submit")]
    public async Task Help_Should_describe_the_command_and_run_nothing(params string[] command)
    {
        var (code, output, error) = await RunAsync([.. command, "--help"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok));
            Assert.That(output, Does.Contain("Usage:").And.Contain($"heimdall {string.Join(' ', command)}"));
            Assert.That(error, Is.Empty);
        }
    }

    [Test]
    public async Task Demo_help_Should_list_its_options_and_publish_nothing()
    {
        // Without RabbitMq__* in the environment a real run would fail on its configuration; help must not get there.
        var (code, output, error) = await RunAsync("demo", "--help");
        Assert.That((code, error), Is.EqualTo((0, "")));
        Assert.That(output, Does.Contain("--frequency <HZ>").And.Contain("--receivers <1,2,3>").And.Contain("--timeout <S>"));
    }

    [Test]
    public async Task Version_Should_print_the_version()
    {
        var (code, output, _) = await RunAsync("--version");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.StartWith("0.1.0"));
    }

    [TestCase(new[] { "demo", "--frequncy", "145e6" }, "error: unknown option --frequncy\n  did you mean --frequency?\n")]
    [TestCase(new[] { "recievers", "list" }, "error: unexpected argument 'recievers'\n  did you mean receivers?\n")]
    [TestCase(new[] { "receivers", "list", "--jsn" }, "error: unknown option --jsn\n  did you mean --json?\n")]
    [TestCase(new[] { "demo", "--duration", "minus one" }, "error: --duration must be a positive number (got 'minus one')\n")]
    [TestCase(new[] { "demo", "--receivers", "1,x" }, "error: --receivers takes receiver ids like 1,2,3 (got '1,x')\n")]
    [TestCase(new[] { "acquisitions", "show", "not-a-guid" }, "error: ")]
    [TestCase(new[] { "acquisitions", "list", "--status", "done" }, "error: ")]
    [TestCase(new[] { "receivers", "add", "--name", "x" }, "error: ")]
    [TestCase(new[] { "recording", "get", "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "1" }, "error: ")]
    [TestCase(new string[0], "error: ")]
    [TestCase(new[] { "receivers", "update", "3", "--id", "9" }, "error: receivers update cannot change a receiver's id (the id is its key): add it again with receivers add --id, then remove this one\n")]
    [TestCase(new[] { "stats", "snr", "--from", "06/12/2026" }, "error: --from must be an ISO 8601 time with an offset, such as 2026-11-20T00:00:00Z (got '06/12/2026')\n")]
    [TestCase(new[] { "drift", "--from", "2026-11-20T00:00:00" }, "error: --from has no offset: add Z for UTC or ±hh:mm, as in 2026-11-20T00:00:00Z (got '2026-11-20T00:00:00')\n")]
    [TestCase(new[] { "acquisitions", "submit", "--duration", "1" }, "error: Option '--frequency' is required.\n")]
    [TestCase(new[] { "acquisitions", "submit", "--frequency", "145e6", "--start-at", "tomorrow" }, "error: --start-at must be an ISO 8601 time with an offset")]
    public async Task A_wrong_line_Should_exit_2_with_the_problem_and_the_usage(string[] args, string start)
    {
        var (code, output, error) = await RunAsync(args);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Usage));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.StartWith(start));
            Assert.That(error, Does.Contain("usage: heimdall"));
        }
    }

    [TestCase(new[] { "receivers", "list", "--jsn" }, "usage: heimdall receivers list [--api URL] [--api-key KEY] [--json]\n")]
    [TestCase(new[] { "recording", "get", "x" },
        "usage: heimdall recording get ID RECEIVER --output DIR [--force] [--api URL] [--api-key KEY] [--json]\n")]
    [TestCase(new[] { "receivers", "update" },
        "usage: heimdall receivers update ID [--name NAME] [--kind KIND] [--url URL] [--latitude DEG] [--longitude DEG] [--altitude M] [--min-frequency HZ] [--max-frequency HZ] [--sample-rate HZ] [--calibration-db DB] [--timeout S] [--retries N] [--enabled BOOL] [--band MIN:MAX] ... [--settings JSON] [--api URL] [--api-key KEY] [--json]\n")]
    [TestCase(new[] { "drift", "--series", "x" }, "usage: heimdall drift [--api URL] [--api-key KEY] [--json] [--receiver ID] [--hours H] [--from TIME] [--to TIME] [--bucket-minutes MIN] [--series]\n")]
    public async Task A_usage_line_Should_show_flags_without_a_value(string[] args, string usage)
    {
        var (code, _, error) = await RunAsync(args);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error, Does.Contain(usage));
    }

    [Test]
    public async Task Recording_get_Should_refuse_to_overwrite_before_asking_the_API()
    {
        var folder = Directory.CreateTempSubdirectory("heimdall-cli-").FullName;
        try
        {
            var meta = Path.Combine(folder, "4.sigmf-meta");
            await File.WriteAllTextAsync(meta, "{}");
            // No API answers on port 9: the refusal comes before any request.
            var (code, output, error) = await RunAsync("recording", "get", "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "4", "-o", folder, "--api", "http://127.0.0.1:9");
            Assert.That((code, output), Is.EqualTo((ExitCodes.Failed, "")));
            Assert.That(error, Is.EqualTo($"error: {meta} exists: give --force to overwrite it (nothing was written)\n"));
            Assert.That(await File.ReadAllTextAsync(meta), Is.EqualTo("{}"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task An_unreachable_API_Should_exit_1_saying_where_it_looked()
    {
        var (code, _, error) = await RunAsync("receivers", "list", "--api", "http://127.0.0.1:9");
        Assert.That(code, Is.EqualTo(ExitCodes.Failed));
        Assert.That(error, Does.StartWith("error: cannot reach the API at http://127.0.0.1:9/"));
    }

    [Test]
    public void Suggestions_Should_pick_the_closest_known_word()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Suggestions.Closest("--hour", ["--hours", "--receiver", "--from"]), Is.EqualTo("--hours"));
            Assert.That(Suggestions.Closest("statz", ["stats", "drift"]), Is.EqualTo("stats"));
            Assert.That(Suggestions.Closest("--zzzzzz", ["--hours"]), Is.Null);
        }
    }
}
