using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary>
/// What every command over the API shares: <c>--api URL</c> (else HEIMDALL_API_URL, else http://127.0.0.1:8080),
/// <c>--json</c> for scripts (the API's JSON as it is), the key from <c>--api-key</c> (else HEIMDALL_API_KEY), and
/// errors as exit codes.
/// </summary>
internal static class ApiCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static Option<string?> Url { get; } = new("--api")
    {
        Description = $"Base URL of the Heimdall API (default: HEIMDALL_API_URL, else {DefaultUrl}).",
        HelpName = "URL",
        Recursive = true,
    };

    public static Option<string?> Key { get; } = new("--api-key")
    {
        Description = "The API key, sent as X-Api-Key (default: HEIMDALL_API_KEY). Prefer the variable: a command line is visible to other users of the machine.",
        HelpName = "KEY",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON instead of a table.",
        Recursive = true,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A command group over the API, with the shared options.</summary>
    public static Command Group(string name, string description)
    {
        var command = new Command(name, description);
        command.Add(Url);
        command.Add(Key);
        command.Add(Json);
        return command;
    }

    /// <summary>Sets the action: an API client for the run, errors to stderr as one line (plus one per field) and an exit code.</summary>
    public static void SetAction(Command command, CliContext context, Func<ParseResult, ApiClient, CancellationToken, Task<int>> action) =>
        command.SetAction((result, ct) => RunAsync(result, context, (api, token) => action(result, api, token), ct));

    /// <summary>
    /// Runs <paramref name="action"/> with an API client from <c>--api</c> / <c>--api-key</c> (else the environment), and
    /// turns the API's errors into stderr lines and an exit code.
    /// </summary>
    public static Task<int> RunAsync(ParseResult result, CliContext context, Func<ApiClient, CancellationToken, Task<int>> action, CancellationToken ct) =>
        RunAsync(result.GetValue(Url), result.GetValue(Key), context, action, ct);

    /// <summary>As above, with the URL and key given (null: the environment's, else the default URL and no key).</summary>
    public static async Task<int> RunAsync(string? givenUrl, string? givenKey, CliContext context, Func<ApiClient, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var url = givenUrl ?? context.Environment("HEIMDALL_API_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            await context.Error.WriteLineAsync($"error: --api must be an http(s) URL (got '{url}')");
            return ExitCodes.Usage;
        }

        using var client = new ApiClient(baseAddress, givenKey ?? context.Environment("HEIMDALL_API_KEY"), context.ApiHandler);
        try
        {
            return await action(client, ct);
        }
        catch (ApiException ex)
        {
            var (code, lines) = ApiClient.Describe(ex);
            foreach (var line in lines)
            {
                await context.Error.WriteLineAsync(line);
            }

            return code;
        }
        catch (HttpRequestException ex)
        {
            await context.Error.WriteLineAsync($"error: cannot reach the API at {baseAddress}: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"error: the API at {baseAddress} did not answer in time: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Prints <paramref name="node"/> as indented JSON when <c>--json</c>, else through <paramref name="table"/>.</summary>
    public static async Task<int> PrintAsync(ParseResult result, CliContext context, JsonNode? node, Action<TextWriter, JsonNode> table)
    {
        if (result.GetValue(Json))
        {
            await context.Output.WriteLineAsync(node?.ToJsonString(Indented) ?? "null");
        }
        else if (node is not null)
        {
            table(context.Output, node);
        }

        return ExitCodes.Ok;
    }
}
