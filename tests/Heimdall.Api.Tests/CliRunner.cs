using Heimdall.Cli.CommandLine;

namespace Heimdall.Api.Tests;

/// <summary>Runs <c>heimdall</c> in process against the API of a test host, with the key given as HEIMDALL_API_KEY.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ApiHost api, string? key, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Output = output,
            Error = error,
            ApiHandler = api.Handler(),
            Environment = name => name switch { "HEIMDALL_API_KEY" => key, "HEIMDALL_API_URL" => "http://localhost", _ => null },
        };
        var code = await HeimdallCommandLine.RunAsync(args, context, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
