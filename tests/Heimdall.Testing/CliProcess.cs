using System.Diagnostics;

namespace Heimdall.Testing;

/// <summary>The <c>heimdall</c> command line as a process: the build of services/Heimdall.Cli in this configuration.</summary>
public static class CliProcess
{
    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, "services", "Heimdall.Cli", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "heimdall.dll");

    /// <summary>Runs <c>heimdall <paramref name="args"/></c> with <paramref name="environment"/> added; its exit code, output and errors.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> args, IEnumerable<KeyValuePair<string, string?>> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [Path, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        return (process.ExitCode, await output, await error);
    }
}
