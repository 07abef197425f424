using System.Globalization;
using System.Text.RegularExpressions;

namespace Heimdall.Api.Http;

/// <summary>
/// Times as the API reads and writes them: ISO 8601 (RFC 3339) only, with an offset (<c>Z</c> or <c>±hh:mm</c>), so that
/// <c>06/12/2026</c> is never read in some culture's order and a time without an offset never takes the server's zone;
/// written in UTC with <c>Z</c> and at most six fraction digits (PostgreSQL keeps microseconds), trailing zeros dropped.
/// </summary>
public static partial class IsoTime
{
    public const string Example = "2026-11-20T01:30:00Z";

    /// <summary>What a time must look like, for problem details.</summary>
    public const string Expectation = "an ISO 8601 time with an offset, such as " + Example + " or 2026-11-20T02:30:00+01:00";

    /// <summary>The time <paramref name="text"/> holds, or null with the reason it cannot be read.</summary>
    public static DateTimeOffset? TryParse(string text, out string? problem)
    {
        var match = Shape().Match(text);
        if (!match.Success)
        {
            problem = text.Length > 6 && NoPlus().IsMatch(text)
                ? $"must be {Expectation}; a '+' in a query string is a space: write it as %2B (got '{text}')"
                : $"must be {Expectation} (got '{text}')";
            return null;
        }

        if (!match.Groups["offset"].Success)
        {
            problem = $"has no offset: add Z for UTC or ±hh:mm, as in {Example} (got '{text}')";
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            problem = $"is not a time of the calendar (got '{text}')";
            return null;
        }

        problem = null;
        return value;
    }

    /// <summary>UTC, <c>Z</c>, whole seconds without a fraction, else up to six digits with trailing zeros dropped.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var micros = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var text = utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        return micros == 0 ? text + "Z" : text + "." + micros.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }

    /// <summary>A <see cref="DateTime"/> from the database is UTC (timestamptz); an unspecified kind is taken as UTC.</summary>
    public static string Format(DateTime value) =>
        Format(new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>A time whose offset's '+' arrived as a space (an unencoded query string).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T[\d:.]+ \d{2}:\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex NoPlus();
}
