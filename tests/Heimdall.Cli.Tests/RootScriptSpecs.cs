using System.Diagnostics;

namespace Heimdall.Cli.Tests;

/// <summary>
/// The root script <c>./heimdall</c> as a command line: help on stdout with exit 0, a wrong command on stderr with exit
/// 2, a command's <c>--help</c> that starts nothing, and the checks that let <c>replay</c> leave running, current services
/// alone. Needs bash, no stack: nothing here may start one (the help runs get an empty HEIMDALL_HOME and must leave it so).
/// </summary>
[TestFixture]
public sealed class When_the_root_script_is_run
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "heimdall")) && File.Exists(Path.Combine(folder.FullName, "Heimdall.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (./heimdall, Heimdall.sln) is not above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output, string Error)> BashAsync(string home, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HEIMDALL_HOME"] = home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private string _home = null!;

    [SetUp]
    public void EmptyHome() => _home = Directory.CreateTempSubdirectory("heimdall-home-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public async Task Help_Should_be_the_usage_on_stdout_and_exit_0(string help)
    {
        var (code, output, error) = await BashAsync(_home, "heimdall", help);
        Assert.That((code, error), Is.EqualTo((0, "")));
        Assert.That(output, Does.StartWith("Heimdall: the one entry point for running it locally.\n").And.Contain("./heimdall replay ACQUISITION_ID"));
    }

    [TestCase(new[] { "frobnicate" }, "error: unknown command 'frobnicate'\n")]
    [TestCase(new string[0], "error: no command given\n")]
    public async Task A_wrong_command_Should_say_so_on_stderr_and_exit_2(string[] arguments, string firstLine)
    {
        var (code, output, error) = await BashAsync(_home, ["heimdall", .. arguments]);
        Assert.That((code, output), Is.EqualTo((2, "")));
        Assert.That(error, Does.StartWith(firstLine + "Heimdall: the one entry point"));
    }

    [TestCase("demo", "heimdall demo [options]")]
    [TestCase("replay", "heimdall replay <ACQUISITION_ID> [options]")]
    [TestCase("bench", "heimdall bench [options]")]
    [TestCase("chaos", "./heimdall chaos [short|long|capacity]")]
    public async Task A_commands_help_Should_start_nothing(string command, string usage)
    {
        var (code, output, error) = await BashAsync(_home, "heimdall", command, "--help");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain(usage));
            Assert.That(output + error, Does.Not.Contain("==> starting").And.Not.Contain("==> building Heimdall.sln"));
            Assert.That(Directory.EnumerateFileSystemEntries(_home), Is.Empty, "no stack, log or pid file");
        }
    }

    [Test]
    public async Task A_service_Should_count_as_current_only_when_it_runs_the_build_on_disk()
    {
        // Each line: a check of deploy/local/lib/freshness.sh and its answer (0: yes), on files whose times are set.
        var (code, output, error) = await BashAsync(_home, "-c", """
            set -u
            source deploy/local/lib/freshness.sh
            cd "$HEIMDALL_HOME"
            mkdir src && touch -d '-2 hours' src/a.cs src && touch -d '-1 hour' service.dll
            sleep 60 & running=$!
            echo "$running" >running.pid
            sh -c 'exit 0' & wait $!; echo "$!" >dead.pid
            service_runs_build running.pid service.dll; echo "started after the build: $?"
            touch -d '+1 hour' service.dll
            service_runs_build running.pid service.dll; echo "started before the build: $?"
            touch -d '-1 hour' service.dll
            service_runs_build dead.pid service.dll; echo "not running: $?"
            service_runs_build missing.pid service.dll; echo "no pid file: $?"
            echo "sources older than the build: [$(sources_newer_than service.dll src)]"
            touch src/a.cs; echo "a source edited since: [$(sources_newer_than service.dll src)]"
            touch -d '-2 hours' src/a.cs src; touch src/b.cs
            echo "a source added since: [$(sources_newer_than service.dll src | sort | head -1)]"
            kill "$running"
            """);
        Assert.That((code, error), Is.EqualTo((0, "")));
        Assert.That(output.Replace(_home, "HOME", StringComparison.Ordinal), Is.EqualTo("""
            started after the build: 0
            started before the build: 1
            not running: 1
            no pid file: 1
            sources older than the build: []
            a source edited since: [src/a.cs]
            a source added since: [src]

            """));
    }
}
