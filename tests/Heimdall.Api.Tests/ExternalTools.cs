using System.Diagnostics;

namespace Heimdall.Api.Tests;

/// <summary>
/// The outside tools the OpenAPI document is checked with, pinned, installed on first use into
/// <c>$HEIMDALL_HOME/tools</c> (else <c>~/.cache/heimdall</c>) as <c>./heimdall test</c> installs what it needs on a
/// fresh machine: npm packages with npm, .NET tools with <c>dotnet tool install --tool-path</c>. Concurrent runs on one
/// machine take turns through a lock file.
/// </summary>
internal static class ExternalTools
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    private static string Home => Environment.GetEnvironmentVariable("HEIMDALL_HOME") is { Length: > 0 } home
        ? Path.Combine(home, "tools")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "heimdall");

    /// <summary>The command <paramref name="command"/> of npm package <paramref name="package"/>@<paramref name="version"/>.</summary>
    public static Task<string> NpmAsync(string package, string version, string command)
    {
        var prefix = Path.Combine(Home, $"{package.TrimStart('@').Replace('/', '-')}-{version}");
        return EnsureAsync(prefix, Path.Combine(prefix, "node_modules", ".bin", command),
            ("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", $"{package}@{version}"]));
    }

    /// <summary>The command <paramref name="command"/> of .NET tool <paramref name="package"/> <paramref name="version"/>.</summary>
    public static Task<string> DotnetToolAsync(string package, string version, string command)
    {
        var prefix = Path.Combine(Home, $"{package.ToLowerInvariant()}-{version}");
        return EnsureAsync(prefix, Path.Combine(prefix, command),
            ("dotnet", ["tool", "install", package, "--version", version, "--tool-path", prefix]));
    }

    private static async Task<string> EnsureAsync(string prefix, string command, (string File, string[] Arguments) install)
    {
        await Installing.WaitAsync();
        try
        {
            if (File.Exists(command))
            {
                return command;
            }

            Directory.CreateDirectory(prefix);
            await using var lockFile = await LockAsync(Path.Combine(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + ".lock"));
            if (!File.Exists(command))
            {
                var (code, output, error) = await RunAsync(install.File, prefix, new Dictionary<string, string>(), install.Arguments);
                Assert.That(code, Is.Zero, $"{install.File} {string.Join(' ', install.Arguments)} failed: {output} {error}");
            }

            return command;
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

    /// <summary>Runs <paramref name="file"/> in <paramref name="folder"/>; its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(
        string file, string folder, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} cannot be run ({ex.Message}): node and npm, and the .NET SDK, are needed (./heimdall test installs node and npm).", ex);
        }

        using var _ = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
