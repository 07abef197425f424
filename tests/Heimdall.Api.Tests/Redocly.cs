using System.Text.Json.Nodes;

namespace Heimdall.Api.Tests;

/// <summary>The Redocly CLI (npm <c>@redocly/cli</c>, pinned): the linter the OpenAPI document must pass.</summary>
internal static class Redocly
{
    public const string Version = "2.77.0";

    /// <summary>Offline and quiet: no usage telemetry, no update check.</summary>
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
        ["NO_UPDATE_NOTIFIER"] = "1",
    };

    /// <summary>Lints <paramref name="document"/> with the <c>recommended</c> rules; the JSON report (totals, problems).</summary>
    public static async Task<JsonNode> LintAsync(string document)
    {
        var cli = await ExternalTools.NpmAsync("@redocly/cli", Version, "redocly");
        var folder = Path.GetDirectoryName(document)!;
        var config = Path.Combine(folder, "redocly.yaml");
        await File.WriteAllTextAsync(config, "extends:\n  - recommended\n");
        var (code, output, error) = await ExternalTools.RunAsync(cli, folder, Quiet, "lint", document, "--config", config, "--format=json");
        Assert.That(output.TrimStart(), Does.StartWith("{"), $"redocly exited {code}: {error}");
        return JsonNode.Parse(output)!;
    }
}
