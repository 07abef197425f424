using System.Text.Json;

namespace Heimdall.Cli.Tests;

/// <summary>One in-process run of <c>heimdall analyze</c> with its exit code, stdout and stderr.</summary>
internal sealed record AnalyzeRun(int ExitCode, string Output, string Error)
{
    public static async Task<AnalyzeRun> StartAsync(params string[] args) => await StartAsync(false, args);

    public static async Task<AnalyzeRun> StartAsync(bool showProgress, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new AnalyzeCommand(output, error, showProgress, progressThresholdBytes: 0).RunAsync(args, CancellationToken.None);
        return new AnalyzeRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The report; fails the test unless stdout holds exactly one JSON object.</summary>
    public JsonElement Report()
    {
        using var document = JsonDocument.Parse(Output);
        Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object), Output);
        return document.RootElement.Clone();
    }
}
