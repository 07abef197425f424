using System.CommandLine;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary>The window options of <c>stats snr</c> and <c>drift</c>: <c>--hours</c>, or <c>--from</c> and <c>--to</c>.</summary>
internal sealed class WindowOptions
{
    public Option<int?> Receiver { get; } = CommonOptions.OptionalInteger("--receiver", "Only this receiver.", "ID");
    public Option<double?> Hours { get; } = CommonOptions.OptionalNumber("--hours", "The last H hours (default 24).", "H");
    public Option<DateTimeOffset?> From { get; } = CommonOptions.Time("--from", "Window start, ISO 8601 with an offset (instead of --hours; with --to, else up to now).");
    public Option<DateTimeOffset?> To { get; } = CommonOptions.Time("--to", "Window end, ISO 8601 with an offset (default now).");

    public void AddTo(Command command)
    {
        command.Add(Receiver);
        command.Add(Hours);
        command.Add(From);
        command.Add(To);
    }

    public QueryString Query(ParseResult result) => new QueryString().Add("receiverId", result.GetValue(Receiver))
        .Add("hours", result.GetValue(Hours)).Add("from", result.GetValue(From)).Add("to", result.GetValue(To));
}

/// <summary><c>heimdall stats snr</c> over <c>/api/statistics/snr</c>.</summary>
internal static class StatisticsCommands
{
    public static Command Create(CliContext context)
    {
        var group = ApiCommand.Group("stats", "Statistics of the stored measurements.");
        var window = new WindowOptions();
        var snr = new Command("snr", "SNR per receiver over a window: count, detected, mean, min, max, stddev, p50, p90, and the source.");
        window.AddTo(snr);
        ApiCommand.SetAction(snr, context, async (result, api, ct) =>
            await ApiCommand.PrintAsync(result, context, await api.GetAsync("/api/statistics/snr" + window.Query(result), ct), (o, n) => Print(o, n.AsArray())));
        group.Add(snr);
        return group;
    }

    private static void Print(TextWriter output, JsonArray statistics)
    {
        var table = new Table("rx", "count", "detected", "mean dB", "min", "max", "stddev", "p50", "p90", "source");
        foreach (var s in statistics)
        {
            table.Row(Table.Text(s!["receiverId"]), Table.Text(s["count"]), Table.Text(s["detectedCount"]), Table.Number(s["meanSnrDb"]),
                Table.Number(s["minSnrDb"]), Table.Number(s["maxSnrDb"]), Table.Number(s["stddevSnrDb"]), Table.Number(s["p50SnrDb"]),
                Table.Number(s["p90SnrDb"]), Table.Text(s["source"]));
        }

        table.Write(output);
    }
}

/// <summary><c>heimdall drift</c> over <c>/api/analysis/frequency-drift</c>.</summary>
internal static class DriftCommand
{
    public static Command Create(CliContext context)
    {
        var window = new WindowOptions();
        var bucket = CommonOptions.OptionalNumber("--bucket-minutes", "Width of the series' buckets (default 60).", "MIN");
        var series = new Option<bool>("--series") { Description = "Also print each receiver's series (mean offset per bucket)." };
        var command = ApiCommand.Group("drift", "Frequency drift per receiver: the least-squares rate in Hz/hour with its standard error, and the offset series.");
        window.AddTo(command);
        command.Add(bucket);
        command.Add(series);
        ApiCommand.SetAction(command, context, async (result, api, ct) =>
        {
            var query = window.Query(result).Add("bucketMinutes", result.GetValue(bucket));
            return await ApiCommand.PrintAsync(result, context, await api.GetAsync("/api/analysis/frequency-drift" + query, ct),
                (o, n) => Print(o, n.AsArray(), result.GetValue(series)));
        });
        return command;
    }

    private static void Print(TextWriter output, JsonArray drifts, bool series)
    {
        var table = new Table("rx", "captures", "drift Hz/h", "± s.e.", "offset at start Hz");
        foreach (var d in drifts)
        {
            table.Row(Table.Text(d!["receiverId"]), Table.Text(d["count"]), Table.Number(d["driftHzPerHour"], "0.0000"),
                Table.Number(d["driftStandardErrorHzPerHour"], "0.0000"), Table.Number(d["offsetAtStartHz"]));
        }

        table.Write(output);
        if (!series)
        {
            return;
        }

        foreach (var d in drifts)
        {
            output.WriteLine();
            output.WriteLine($"receiver {d!["receiverId"]}");
            var points = new Table(Table.Utc("bucket"), "captures", "mean offset Hz");
            foreach (var p in d["series"]!.AsArray())
            {
                points.Row(Table.Time(p!["bucketStart"]), Table.Text(p["count"]), Table.Number(p["meanOffsetHz"]));
            }

            points.Write(output);
        }
    }
}
