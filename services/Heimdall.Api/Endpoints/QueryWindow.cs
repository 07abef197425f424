using System.Globalization;
using Heimdall.Api.Problems;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// A time window [from, to) from the query: <c>hours</c> back from now (default 24), or <c>from</c> and <c>to</c>
/// (ISO 8601; <c>to</c> defaults to now). At most <c>Api:MaxWindowHours</c> long.
/// </summary>
internal static class QueryWindow
{
    public static (DateTime From, DateTime To) Resolve(double? hours, DateTimeOffset? from, DateTimeOffset? to, ApiOptions options, TimeProvider clock, InputProblems problems)
    {
        var now = clock.GetUtcNow();
        var max = options.MaxWindowHours;
        if (hours is not null && (from is not null || to is not null))
        {
            problems.Add("hours", "give either hours or from/to, not both.");
            return default;
        }

        if (from is null && to is null)
        {
            var span = hours ?? QueryDefaults.Hours;
            if (!(span > 0) || span > max)
            {
                problems.Add("hours", Format($"hours must be > 0 and ≤ {max} (got {span})."));
                return default;
            }

            return (now.AddHours(-span).UtcDateTime, now.UtcDateTime);
        }

        var end = to ?? now;
        if (from is null)
        {
            problems.Add("from", "from is required with to.");
            return default;
        }

        if (from >= end)
        {
            problems.Add("from", Format($"from must be before to (got from {from:O}, to {end:O})."));
            return default;
        }

        if ((end - from.Value).TotalHours > max)
        {
            problems.Add("to", Format($"the window from–to is {(end - from.Value).TotalHours:0.#} h; at most {max} h are allowed."));
            return default;
        }

        return (from.Value.UtcDateTime, end.UtcDateTime);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
