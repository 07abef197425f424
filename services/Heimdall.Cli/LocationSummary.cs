using System.Globalization;
using System.Text;
using Heimdall.Cli.Api;
using Heimdall.Localisation.Output;

namespace Heimdall.Cli;

/// <summary>The readable summary <c>heimdall locate</c> prints: the answer, the receivers, the pairs, the warnings.</summary>
internal static class LocationSummary
{
    public static string Format(LocationEstimate estimate)
    {
        var text = new StringBuilder();
        if (estimate is { Latitude: { } lat, Longitude: { } lon, Ellipse95: { } e })
        {
            text.AppendLine(Invariant($"located: {Degrees(lat, 'N', 'S')}, {Degrees(lon, 'E', 'W')}  ({lat:0.#####}, {lon:0.#####})"));
            text.AppendLine(Invariant($"95 % ellipse: {Metres(e.SemiMajorM)} × {Metres(e.SemiMinorM)}, major axis {e.OrientationDeg:0}° from north; GDOP {estimate.Gdop:0.##}"));
            foreach (var alternative in estimate.Alternatives)
            {
                text.AppendLine(Invariant($"  or: {alternative.Latitude:0.#####}, {alternative.Longitude:0.#####} (fits almost as well, χ² {alternative.ChiSquare:0.##})"));
            }
        }
        else
        {
            text.AppendLine($"{(estimate.Status == LocationStatus.Hyperbola ? "hyperbola" : "not located")}: {estimate.Reason}");
        }

        if (estimate.Processing is { } p)
        {
            text.AppendLine(Invariant(
                $"{estimate.Propagation} at {Frequency(p.CenterFrequencyHz)}; {p.OverlapSeconds:0.###} s in common from {p.StartUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} at {p.SampleRateHz:0.###} Hz, {p.Segments} segments of {p.SegmentLength}"));
        }

        text.AppendLine();
        var stations = new Table("receiver", "used", "latitude", "longitude", "timing σ µs", "arrival µs", "residual µs", "note");
        foreach (var s in estimate.Stations)
        {
            stations.Row(s.Name, s.Used ? "yes" : "no", Number(s.Latitude, "0.#####"), Number(s.Longitude, "0.#####"), Micro(s.TimingSigmaSeconds, "0.###"),
                Micro(s.ArrivalSeconds, "0.###"), Micro(s.ResidualSeconds, "0.###"), s.Reason ?? (s.Warnings.Count > 0 ? $"{s.Warnings.Count} warning(s) below" : ""));
        }

        Append(text, stations);
        if (estimate.Pairs.Count > 0)
        {
            text.AppendLine();
            var pairs = new Table("pair", "delay µs", "σ µs", "CRLB µs", "peak ratio", "band Hz", "closure µs", "used");
            foreach (var pair in estimate.Pairs)
            {
                var q = pair.Quality;
                pairs.Row($"{pair.ReceiverA}→{pair.ReceiverB}", Micro(pair.DelaySeconds, "0.###"), Micro(pair.SigmaSeconds, "0.###"), Micro(q.CrlbSeconds, "0.###"),
                    q.PeakRatio is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "-", Invariant($"{q.BandLowHz:0}…{q.BandHighHz:0}"),
                    Micro(q.ClosureSeconds, "0.###"), pair.Used ? "yes" : "no: " + pair.Reason);
            }

            Append(text, pairs);
        }

        var warnings = estimate.Warnings.Concat(estimate.Stations.SelectMany(s => s.Warnings.Select(w => $"{s.Name}: {w}"))).ToList();
        if (warnings.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("warnings:");
            foreach (var warning in warnings)
            {
                text.AppendLine("  - " + warning);
            }
        }

        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, Table table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        table.Write(writer);
        text.Append(writer);
    }

    private static string Degrees(double value, char positive, char negative) =>
        Invariant($"{Math.Abs(value):0.0000}° {(value >= 0 ? positive : negative)}");

    private static string Metres(double metres) => metres >= 10_000 ? Invariant($"{metres / 1000:0.#} km") : metres >= 1000 ? Invariant($"{metres / 1000:0.00} km") : Invariant($"{metres:0} m");

    private static string Frequency(double hz) => hz >= 1e6 ? Invariant($"{hz / 1e6:0.######} MHz") : Invariant($"{hz / 1e3:0.###} kHz");

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>Microseconds; a value that rounds to zero is written 0, never -0.</summary>
    private static string Micro(double? seconds, string format)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        var text = (s * 1e6).ToString(format, CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
