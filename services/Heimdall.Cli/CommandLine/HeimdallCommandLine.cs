using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Heimdall.Cli.Api;

namespace Heimdall.Cli.CommandLine;

/// <summary>
/// The command tree of <c>heimdall</c> on System.CommandLine: help on every command and option, <c>--version</c>, and a
/// wrong command line answered on stderr with each problem, a suggestion for a mistyped word, the command's usage,
/// and exit code 2 (<see cref="ExitCodes"/>). Nothing runs when the line is wrong or help was asked for.
/// </summary>
public static class HeimdallCommandLine
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("Heimdall's operator command line: acquisitions on the bus, the read side over the API, SigMF analysis on disk.")
        {
            DemoCommand.Create(context),
            BenchCommand.Create(context),
            ReplayCommand.Create(context),
            AnalyzeCommand.Create(context),
            LocateCommand.Create(context),
            ReceiverCommands.Create(context),
            AcquisitionCommands.Create(context),
            MeasurementCommands.Create(context),
            StatisticsCommands.Create(context),
            DriftCommand.Create(context),
            RecordingCommands.Create(context),
        };
        root.HelpName = "heimdall";
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var root = Create(context);
        var result = root.Parse(args);
        return await InvokeAsync(result, context, cancellationToken);
    }

    /// <summary>Runs a parsed line: help and version as asked, problems as usage errors (2), otherwise the command's action.</summary>
    public static async Task<int> InvokeAsync(ParseResult result, CliContext context, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false };
        if (result.Errors.Count > 0 && !AsksForHelpOrVersion(result))
        {
            await WriteUsageErrorsAsync(result, context.Error);
            return ExitCodes.Usage;
        }

        try
        {
            return await result.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("error: cancelled");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>The CLI's own version (the default would name the entry assembly, which is the test host in the tests).</summary>
    private sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var version = typeof(HeimdallCommandLine).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
            parseResult.InvocationConfiguration.Output.WriteLine(version);
            return ExitCodes.Ok;
        }
    }

    private static bool AsksForHelpOrVersion(ParseResult result) =>
        result.Action is HelpAction || result.Tokens.Any(t => t.Value is "--version" or "-h" or "--help" or "-?");

    /// <summary>One <c>error:</c> line per problem, a suggestion where a word is close to a known one, then the usage.</summary>
    public static async Task WriteUsageErrorsAsync(ParseResult result, TextWriter error)
    {
        foreach (var (message, suggestion) in Problems(result))
        {
            await error.WriteLineAsync("error: " + message);
            if (suggestion is not null)
            {
                await error.WriteLineAsync($"  did you mean {suggestion}?");
            }
        }

        var path = Path(result.CommandResult);
        await error.WriteLineAsync("usage: " + Usage(result.CommandResult));
        await error.WriteLineAsync($"       heimdall {(path.Length > 0 ? path + " " : "")}--help shows every option");
    }

    /// <summary>
    /// What is wrong with the line: unknown words first (each with the closest known option or command), else the
    /// parser's and the validators' messages.
    /// </summary>
    public static IReadOnlyList<(string Message, string? Suggestion)> Problems(ParseResult result)
    {
        var problems = new List<(string, string?)>();
        if (result.UnmatchedTokens.Count > 0)
        {
            var options = OptionNames(result.CommandResult).ToList();
            var subcommands = result.CommandResult.Command.Subcommands.Select(c => c.Name).ToList();
            foreach (var token in result.UnmatchedTokens)
            {
                var isOption = token.Length > 1 && token.StartsWith('-') && !double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out _);
                problems.Add((isOption ? $"unknown option {token}" : $"unexpected argument '{token}'",
                    Suggestions.Closest(token, isOption ? options : subcommands)));
            }

            return problems;
        }

        // An option-looking word taken as an argument value is reported by the argument's validator as an unknown option.
        foreach (var problem in result.Errors.OrderBy(e => e.Message.StartsWith("unknown option", StringComparison.Ordinal) ? 0 : 1))
        {
            string? suggestion = null;
            if (problem.Message.StartsWith("unknown option ", StringComparison.Ordinal))
            {
                suggestion = Suggestions.Closest(problem.Message["unknown option ".Length..], OptionNames(result.CommandResult));
            }

            problems.Add((problem.Message, suggestion));
        }

        return problems;
    }

    /// <summary>The command's one-line usage: its own when it has one, otherwise its arguments and options.</summary>
    public static string Usage(CommandResult commandResult)
    {
        var command = commandResult.Command;
        if (command.Name == "analyze")
        {
            return AnalyzeArguments.Usage;
        }

        if (command.Name == "locate")
        {
            return LocateArguments.Usage;
        }

        var parts = new List<string> { "heimdall" };
        var path = Path(commandResult);
        if (path.Length > 0)
        {
            parts.Add(path);
        }

        if (command.Subcommands.Count > 0)
        {
            parts.Add(string.Join("|", command.Subcommands.Select(c => c.Name)));
        }

        parts.AddRange(command.Arguments.Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[{a.Name}]" : a.Name));
        foreach (var option in AllOptions(commandResult).Where(o => o is not HelpOption and not VersionOption && !o.Hidden))
        {
            // A flag (a bool, given or not) takes no value; every other option shows what it takes.
            var value = option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool)
                ? ""
                : " " + (option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant());
            var repeat = option.Arity.MaximumNumberOfValues > 1 ? " ..." : "";
            parts.Add(option.Required ? $"{option.Name}{value}{repeat}" : $"[{option.Name}{value}]{repeat}");
        }

        return string.Join(' ', parts);
    }

    private static string Path(CommandResult commandResult)
    {
        var names = new List<string>();
        for (SymbolResult? current = commandResult; current is CommandResult { Command: not RootCommand } c; current = c.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return string.Join(' ', names);
    }

    private static IEnumerable<Option> AllOptions(CommandResult commandResult)
    {
        var seen = new HashSet<Option>(commandResult.Command.Options);
        foreach (var option in commandResult.Command.Options)
        {
            yield return option;
        }

        for (var parent = commandResult.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive && seen.Add(o)))
            {
                yield return option;
            }
        }
    }

    private static IEnumerable<string> OptionNames(CommandResult commandResult) =>
        AllOptions(commandResult).SelectMany(o => o.Aliases.Prepend(o.Name));
}
