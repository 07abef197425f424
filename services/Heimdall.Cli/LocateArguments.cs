using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Heimdall.Cli.CommandLine;
using Heimdall.Localisation.Geodesy;
using PathModel = Heimdall.Localisation.Geodesy.Propagation;

namespace Heimdall.Cli;

/// <summary>
/// The command line of <c>heimdall locate</c>: recordings on disk (kiwi-wav files, SigMF recordings, or folders of
/// them), receivers' positions and fixed delays by name, the path model and the outputs. One argument that is a GUID
/// (and no file of that name) is an acquisition id: its location is read from the API (<c>--api</c>, <c>--api-key</c>).
/// </summary>
public sealed record LocateArguments(
    IReadOnlyList<string> Paths, Guid? AcquisitionId, IReadOnlyDictionary<string, GeoPosition> Positions, IReadOnlyDictionary<string, double> Delays,
    PropagationMode? Propagation, double? PropagationSigmaSeconds, double? AltitudeM, double? AltitudeSigmaM, int MaxGnssAgeSeconds, bool Json,
    string? GeoJsonPath, string? KmlPath, string? HeatMapPath)
{
    /// <summary><c>--power-based</c>: a power-based region from the recordings' calibrated powers instead of a TDoA fix.</summary>
    public bool PowerBased { get; init; }

    /// <summary><c>--confidence</c> of the power-based region (default 0.95).</summary>
    public double? Confidence { get; init; }

    /// <summary><c>--path-loss-exponent</c> of the power-based region's model (default 3.0).</summary>
    public double? PathLossExponent { get; init; }

    /// <summary><c>--shadowing-db</c>: the power-based region's shadowing σ (default 8 dB).</summary>
    public double? ShadowingSigmaDb { get; init; }

    public const string Usage =
        "heimdall locate PATH... [--position NAME=LAT,LON[,ALT_M]]... [--delay NAME=SECONDS]... [--propagation ground-wave|line-of-sight] [--json] [--geojson FILE] [--kml FILE] [--power-based [--confidence P] [--path-loss-exponent N] [--shadowing-db DB]]\n" +
        "       heimdall locate ACQUISITION_ID [--api URL] [--api-key KEY] [--json] [--geojson FILE] [--kml FILE]";

    /// <summary>The options and argument of the command, and how to read them from a parse.</summary>
    internal sealed class Symbols
    {
        public Argument<string[]> Paths { get; } = new("PATH")
        {
            Description = "Recordings: kiwi-wav files (kiwirecorder --kiwi-wav, named YYYYMMDDTHHMMSSZ_FREQ_STATION_iq.wav), SigMF recordings "
                          + "(.sigmf-meta, .sigmf-data or base name), or folders of them. One acquisition id (a GUID) instead: its location as the pipeline's Locator stored it, through the API.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        public Option<string[]> Positions { get; } = new("--position")
        {
            Description = "A receiver's position, NAME=LAT,LON[,ALT_M] in degrees and metres (repeat per receiver; overrides a SigMF core:geolocation).",
            HelpName = "NAME=LAT,LON[,ALT_M]",
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<string[]> Delays { get; } = new("--delay")
        {
            Description = "A receiver's known fixed delay, NAME=SECONDS (cable, filter), subtracted from its arrival time (repeat per receiver).",
            HelpName = "NAME=SECONDS",
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<string?> Propagation { get; } = new("--propagation")
        {
            Description = "Path model: ground-wave (geodesic on the ellipsoid) or line-of-sight (straight line); default: by frequency (line of sight from 30 MHz).",
            HelpName = "MODE",
        };

        public Option<double?> PropagationSigma { get; } = CommonOptions.OptionalNumber(
            "--propagation-sigma", "Each receiver's systematic path-model error, 1σ seconds (default: 5e-6 for a ground wave, 0 for line of sight).", "S", positive: false);

        public Option<double?> Altitude { get; } = CommonOptions.OptionalNumber(
            "--altitude", "The transmitter's altitude constraint, metres (default: 0 for a ground wave, the receivers' mean for line of sight).", "M", positive: false);

        public Option<double?> AltitudeSigma { get; } = CommonOptions.OptionalNumber("--altitude-sigma", "The altitude constraint's σ, metres (default 500).", "M");

        public Option<int?> MaxGnssAge { get; } = CommonOptions.OptionalInteger(
            "--max-gnss-age", "kiwi-wav: a block whose GNSS solution is older than this many seconds is left out of the fit (default 30, the KiwiSDR driver's).", "S", minimum: 0);

        public Option<bool> Json { get; } = new("--json") { Description = "Print the estimate as JSON (the fields the API returns) instead of the summary." };

        public Option<string?> GeoJson { get; } = new("--geojson") { Description = "Also write the estimate, its ellipse, the receivers and the hyperbolae as GeoJSON to FILE.", HelpName = "FILE" };

        public Option<string?> Kml { get; } = new("--kml") { Description = "Also write the same as KML to FILE.", HelpName = "FILE" };

        public Option<string?> HeatMap { get; } = new("--heat-map") { Description = "Also write the likelihood map (grid and log-likelihood values) as JSON to FILE.", HelpName = "FILE" };

        public Option<bool> PowerBased { get; } = new("--power-based")
        {
            Description = "Untimed receivers: a power-based region from the SigMF recordings' calibrated powers (heimdall:metrics.power_dbm), at a confidence level, never a point.",
        };

        public Option<double?> Confidence { get; } = CommonOptions.OptionalNumber("--confidence", "--power-based: the region's confidence level, 0–1 (default 0.95).", "P");

        public Option<double?> PathLossExponent { get; } = CommonOptions.OptionalNumber("--path-loss-exponent", "--power-based: the log-distance exponent n (default 3.0).", "N");

        public Option<double?> ShadowingDb { get; } = CommonOptions.OptionalNumber("--shadowing-db", "--power-based: the shadowing σ, dB (default 8).", "DB");

        public void AddTo(Command command)
        {
            command.Validators.Add(result => Validate(result, result.GetResult(Paths)?.Tokens.Select(t => t.Value).ToList() ?? []));
            Positions.Validators.Add(r => Pairs(r, "--position", value => ParsePosition(value) is not null, "NAME=LAT,LON[,ALT_M] with a latitude within ±90 and a longitude within ±180, like HB9ODP=46.4994,8.7988"));
            Delays.Validators.Add(r => Pairs(r, "--delay", value => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d), "NAME=SECONDS, like HB9ODP=2.5e-6"));
            Propagation.Validators.Add(r =>
            {
                if (r.Tokens.Count > 0 && !PathModel.TryParse(r.Tokens[0].Value, out _))
                {
                    r.AddError($"--propagation is ground-wave or line-of-sight (got '{r.Tokens[0].Value}')");
                }
            });
            foreach (var symbol in new Symbol[] { Paths, Positions, Delays, Propagation, PropagationSigma, Altitude, AltitudeSigma, MaxGnssAge, Json, GeoJson, Kml, HeatMap, PowerBased, Confidence, PathLossExponent, ShadowingDb, Api.ApiCommand.Url, Api.ApiCommand.Key })
            {
                switch (symbol)
                {
                    case Argument argument:
                        command.Add(argument);
                        break;
                    case Option option:
                        command.Add(option);
                        break;
                }
            }
        }

        public LocateArguments Read(ParseResult result)
        {
            var paths = result.GetValue(Paths) ?? [];
            Guid? id = paths.Length == 1 && Guid.TryParse(paths[0], out var guid) && !File.Exists(paths[0]) && !Directory.Exists(paths[0]) ? guid : null;
            return new LocateArguments(
                id is null ? paths : [],
                id,
                (result.GetValue(Positions) ?? []).ToDictionary(p => Name(p), p => ParsePosition(p)!, StringComparer.OrdinalIgnoreCase),
                (result.GetValue(Delays) ?? []).ToDictionary(p => Name(p), p => double.Parse(p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase),
                result.GetValue(Propagation) is { } mode && PathModel.TryParse(mode, out var parsed) ? parsed : null,
                result.GetValue(PropagationSigma),
                result.GetValue(Altitude),
                result.GetValue(AltitudeSigma),
                result.GetValue(MaxGnssAge) ?? 30,
                result.GetValue(Json),
                result.GetValue(GeoJson),
                result.GetValue(Kml),
                result.GetValue(HeatMap))
            {
                PowerBased = result.GetValue(PowerBased),
                Confidence = result.GetValue(Confidence),
                PathLossExponent = result.GetValue(PathLossExponent),
                ShadowingSigmaDb = result.GetValue(ShadowingDb),
            };
        }
    }

    /// <summary>Parses the arguments after the word <c>locate</c>.</summary>
    /// <exception cref="UsageException">The line is wrong; the message says how.</exception>
    public static LocateArguments Parse(IReadOnlyList<string> args)
    {
        var symbols = new Symbols();
        var command = new Command("locate");
        symbols.AddTo(command);
        var result = command.Parse(args);
        var problems = HeimdallCommandLine.Problems(result);
        return problems.Count > 0 ? throw new UsageException(problems[0].Message) : symbols.Read(result);
    }

    private static void Validate(CommandResult result, List<string> tokens)
    {
        if (tokens.FirstOrDefault(t => t.Length > 1 && t.StartsWith('-') && !double.TryParse(t, CultureInfo.InvariantCulture, out _)) is { } option)
        {
            result.AddError($"unknown option {option}");
        }
        else if (tokens.Count == 0)
        {
            result.AddError("which recordings? Give the kiwi-wav files or SigMF recordings (or their folder)");
        }
        else if (tokens.Count > 1 && tokens.Any(t => Guid.TryParse(t, out _) && !File.Exists(t) && !Directory.Exists(t)))
        {
            result.AddError("an acquisition id is located on its own, not together with files");
        }
    }

    /// <summary>Each value of a NAME=VALUE option is well formed, and no name is given twice.</summary>
    private static void Pairs(OptionResult result, string option, Func<string, bool> valid, string expected)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in result.Tokens.Select(t => t.Value))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !valid(token))
            {
                result.AddError($"{option} takes {expected} (got '{token}')");
                return;
            }

            if (!seen.Add(token[..equals]))
            {
                result.AddError($"{option} gives '{token[..equals]}' twice");
                return;
            }
        }
    }

    private static string Name(string pair) => pair[..pair.IndexOf('=', StringComparison.Ordinal)];

    /// <summary>NAME=LAT,LON[,ALT_M] to a position; null when malformed or out of range.</summary>
    internal static GeoPosition? ParsePosition(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        var parts = equals < 0 ? [] : pair[(equals + 1)..].Split(',');
        var numbers = parts.Select(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN).ToArray();
        if (numbers.Length is < 2 or > 3 || numbers.Any(x => !double.IsFinite(x)))
        {
            return null;
        }

        var position = new GeoPosition(numbers[0], numbers[1], numbers.Length == 3 ? numbers[2] : 0);
        return position.IsValid ? position : null;
    }
}
