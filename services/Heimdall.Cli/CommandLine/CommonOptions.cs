using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Heimdall.Cli.CommandLine;

/// <summary>Option kinds shared by several commands.</summary>
internal static partial class CommonOptions
{
    /// <summary>A number option with a default and a lower bound (exclusive when <paramref name="positive"/>).</summary>
    public static Option<double> Number(string name, string description, double defaultValue, string helpName, bool positive = true) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => ParseNumber(r, name, positive) ?? defaultValue,
    };

    /// <summary>An optional number (absent: null).</summary>
    public static Option<double?> OptionalNumber(string name, string description, string helpName, bool positive = true) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => ParseNumber(r, name, positive),
    };

    /// <summary>An optional whole number ≥ <paramref name="minimum"/>.</summary>
    public static Option<int?> OptionalInteger(string name, string description, string helpName, int minimum = 1) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var value = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum)
            {
                return number;
            }

            r.AddError($"{name} must be a whole number ≥ {minimum} (got '{value}')");
            return null;
        },
    };

    /// <summary>Receiver ids like <c>1,2,3</c>.</summary>
    public static Option<int[]?> ReceiverIds(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "1,2,3",
        CustomParser = r =>
        {
            var value = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var ids = new List<int>();
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id <= 0)
                {
                    r.AddError($"{name} takes receiver ids like 1,2,3 (got '{value}')");
                    return null;
                }

                ids.Add(id);
            }

            return [.. ids];
        },
    };

    /// <summary>
    /// An optional time, ISO 8601 with an offset (<c>2026-11-20T00:00:00Z</c>, <c>…+01:00</c>) as the API reads times:
    /// <c>06/12/2026</c> or a time without an offset is a wrong command line, not a guess.
    /// </summary>
    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "TIME",
        CustomParser = r =>
        {
            var value = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (IsoTimeShape().Match(value) is { Success: true } match && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                if (match.Groups["offset"].Success)
                {
                    return time;
                }

                r.AddError($"{name} has no offset: add Z for UTC or ±hh:mm, as in 2026-11-20T00:00:00Z (got '{value}')");
                return null;
            }

            r.AddError($"{name} must be an ISO 8601 time with an offset, such as 2026-11-20T00:00:00Z (got '{value}')");
            return null;
        },
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$")]
    private static partial System.Text.RegularExpressions.Regex IsoTimeShape();

    private static double? ParseNumber(ArgumentResult result, string name, bool positive)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && (!positive || number > 0))
        {
            return number;
        }

        result.AddError($"{name} must be a {(positive ? "positive " : "")}number (got '{value}')");
        return null;
    }
}
