using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Heimdall.Cli.CommandLine;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>The command line of <c>heimdall analyze</c>: one recording and the spectrum and calibration options.</summary>
public sealed record AnalyzeArguments(string Recording, SpectrumOptions Spectrum, double? CalibrationDb)
{
    public const string Usage =
        "heimdall analyze RECORDING[.sigmf-meta|.sigmf-data]|FILE.wav [--segment-length N] [--remove-mean] [--calibration-db X]";

    private const int MinSegment = 16, MaxSegment = 1 << 20;

    /// <summary>The options and argument of the command, and how to read them from a parse.</summary>
    internal sealed class Symbols
    {
        public Argument<string[]> Recording { get; } = new("RECORDING")
        {
            Description = "The recording: its .sigmf-meta path, its .sigmf-data path, or the base name (the two files side by side); or a kiwi-wav file (.wav).",
            Arity = ArgumentArity.ZeroOrMore,
        };

        public Option<int?> SegmentLength { get; } = new("--segment-length")
        {
            Description = $"Welch segment length, a power of two from {MinSegment} to {MaxSegment} (default {SpectrumOptions.Default.SegmentLength}).",
            HelpName = "N",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParseSegmentLength,
        };

        public Option<bool> RemoveMean { get; } = new("--remove-mean") { Description = "Subtract the mean (a DC offset) before the spectrum." };

        public Option<double?> CalibrationDb { get; } = new("--calibration-db")
        {
            Description = "dBm that read as 0 dBFS; gives powerDbm.",
            HelpName = "X",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParseDecibels,
        };

        public void AddTo(Command command)
        {
            // On the command, not the argument: an argument given no word at all is not validated.
            command.Validators.Add(result => ValidateRecording(result, result.GetResult(Recording)?.Tokens.Select(t => t.Value).ToList() ?? []));
            command.Add(Recording);
            command.Add(SegmentLength);
            command.Add(RemoveMean);
            command.Add(CalibrationDb);
        }

        public AnalyzeArguments Read(ParseResult result)
        {
            var spectrum = SpectrumOptions.Default with { RemoveMean = result.GetValue(RemoveMean) };
            if (result.GetValue(SegmentLength) is { } length)
            {
                spectrum = spectrum with { SegmentLength = length };
            }

            return new AnalyzeArguments(result.GetValue(Recording)![0], spectrum, result.GetValue(CalibrationDb));
        }
    }

    /// <summary>Parses the arguments after the word <c>analyze</c>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or malformed value, or not exactly one recording.</exception>
    public static AnalyzeArguments Parse(IReadOnlyList<string> args)
    {
        var symbols = new Symbols();
        var command = new Command("analyze");
        symbols.AddTo(command);
        var result = command.Parse(args);
        var problems = HeimdallCommandLine.Problems(result);
        return problems.Count > 0 ? throw new UsageException(problems[0].Message) : symbols.Read(result);
    }

    private static void ValidateRecording(CommandResult result, List<string> tokens)
    {
        if (tokens.FirstOrDefault(t => t.Length > 1 && t.StartsWith('-') && !double.TryParse(t, CultureInfo.InvariantCulture, out _)) is { } option)
        {
            result.AddError($"unknown option {option}");
        }
        else if (tokens.Count == 0)
        {
            result.AddError("which recording? Give its .sigmf-meta path");
        }
        else if (tokens.Count > 1)
        {
            result.AddError($"one recording at a time (got '{tokens[0]}' and '{tokens[1]}')");
        }
    }

    private static int? ParseSegmentLength(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            result.AddError("--segment-length needs a value");
            return null;
        }

        var value = result.Tokens[0].Value;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length is >= MinSegment and <= MaxSegment && int.IsPow2(length))
        {
            return length;
        }

        result.AddError($"--segment-length must be a power of two from {MinSegment} to {MaxSegment} (got '{value}')");
        return null;
    }

    private static double? ParseDecibels(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            result.AddError("--calibration-db needs a value");
            return null;
        }

        var value = result.Tokens[0].Value;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var db) && double.IsFinite(db))
        {
            return db;
        }

        result.AddError($"--calibration-db must be a number of dB (got '{value}')");
        return null;
    }
}
