namespace Heimdall.Cli.CommandLine;

/// <summary>
/// Where a run of <c>heimdall</c> writes and what it reads of its environment; the tests give their own writers, a
/// dictionary for the environment and the API's in-memory handler.
/// </summary>
public sealed class CliContext
{
    public TextWriter Output { get; init; } = Console.Out;
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>True when errors go to a terminal (analyze then shows progress on large files).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Reads an environment variable (default: the process's).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The HTTP handler of the API client (null: a real socket connection).</summary>
    public HttpMessageHandler? ApiHandler { get; init; }

    /// <summary>Smallest data file for which analyze shows progress.</summary>
    public long ProgressThresholdBytes { get; init; } = AnalyzeCommand.ProgressThresholdBytes;
}
