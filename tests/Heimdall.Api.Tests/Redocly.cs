using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Heimdall.Api.Tests;

/// <summary>
/// The Redocly CLI (npm <c>@redocly/cli</c>, pinned), the linter the OpenAPI document must pass. Installed on first use
/// with npm into <c>$HEIMDALL_HOME/tools</c> (else <c>~/.cache/heimdall</c>), as <c>./heimdall test</c> installs what it
/// needs on a fresh machine; without node and npm the test fails saying so.
/// </summary>
internal static class Redocly
{
    public const string Version = "2.77.0";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>Lints <paramref name="document"/> with the <c>recommended</c> rules; the JSON report (totals, problems).</summary>
    public static async Task<JsonNode> LintAsync(string document)
    {
        var cli = await EnsureInstalledAsync();
        var folder = Path.GetDirectoryName(document)!;
        var config = Path.Combine(folder, "redocly.yaml");
        await File.WriteAllTextAsync(config, "extends:\n  - recommended\n");
        var (code, output, error) = await RunAsync(cli, folder, "lint", document, "--config", config, "--format=json");
        Assert.That(output.TrimStart(), Does.StartWith("{"), $"redocly exited {code}: {error}");
        return JsonNode.Parse(output)!;
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var home = Environment.GetEnvironmentVariable("HEIMDALL_HOME") is { Length: > 0 } h
            ? Path.Combine(h, "tools")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "heimdall");
        var prefix = Path.Combine(home, "redocly-cli-" + Version);
        var cli = Path.Combine(prefix, "node_modules", ".bin", "redocly");
        await Installing.WaitAsync();
        try
        {
            if (File.Exists(cli))
            {
                return cli;
            }

            Directory.CreateDirectory(prefix);
            // Another test run on this machine may be installing too: npm into the same prefix is serialised by a lock file.
            await using var lockFile = await LockAsync(Path.Combine(prefix, ".install.lock"));
            if (!File.Exists(cli))
            {
                var (code, _, error) = await RunAsync("npm", prefix, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", "@redocly/cli@" + Version);
                Assert.That(code, Is.Zero, $"npm install @redocly/cli@{Version} failed (node and npm are needed; ./heimdall test installs them): {error}");
            }

            return cli;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline and quiet: no usage telemetry, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} cannot be run ({ex.Message}): node and npm are needed (./heimdall test installs them).", ex);
        }

        using var _ = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
