using System.Globalization;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>The command line of <c>heimdall analyze</c>: one recording and the spectrum and calibration options.</summary>
public sealed record AnalyzeArguments(string Recording, SpectrumOptions Spectrum, double? CalibrationDb, bool Help)
{
    public const string Usage =
        "heimdall analyze RECORDING[.sigmf-meta|.sigmf-data] [--segment-length N] [--remove-mean] [--calibration-db X]";

    /// <summary>Parses the arguments after the word <c>analyze</c>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or malformed value, or not exactly one recording.</exception>
    public static AnalyzeArguments Parse(IReadOnlyList<string> args)
    {
        string? recording = null;
        var spectrum = SpectrumOptions.Default;
        double? calibrationDb = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return new AnalyzeArguments("", spectrum, null, Help: true);
                case "--remove-mean":
                    spectrum = spectrum with { RemoveMean = true };
                    break;
                case "--segment-length":
                    spectrum = spectrum with { SegmentLength = SegmentLength(Value(args, ref i)) };
                    break;
                case "--calibration-db":
                    calibrationDb = Decibels(Value(args, ref i));
                    break;
                case var option when option.StartsWith('-') && option.Length > 1:
                    throw new UsageException($"unknown option {option}");
                case var path when recording is null:
                    recording = path;
                    break;
                case var extra:
                    throw new UsageException($"one recording at a time (got '{recording}' and '{extra}')");
            }
        }

        return recording is null
            ? throw new UsageException("which recording? Give its .sigmf-meta path")
            : new AnalyzeArguments(recording, spectrum, calibrationDb, Help: false);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");

    private static int SegmentLength(string value)
    {
        const int Min = 16, Max = 1 << 20;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
               && length is >= Min and <= Max && int.IsPow2(length)
            ? length
            : throw new UsageException($"--segment-length must be a power of two from {Min} to {Max} (got '{value}')");
    }

    private static double Decibels(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var db) && double.IsFinite(db)
            ? db
            : throw new UsageException($"--calibration-db must be a number of dB (got '{value}')");
}
