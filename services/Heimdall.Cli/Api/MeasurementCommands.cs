using System.CommandLine;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary><c>heimdall measurements recent</c> over <c>/api/measurements/recent</c>.</summary>
internal static class MeasurementCommands
{
    public static Command Create(CliContext context)
    {
        var group = ApiCommand.Group("measurements", "Stored measurements.");
        var receiver = CommonOptions.OptionalInteger("--receiver", "Only this receiver.", "ID");
        var min = CommonOptions.OptionalNumber("--min-frequency", "Lowest frequency, Hz.", "HZ");
        var max = CommonOptions.OptionalNumber("--max-frequency", "Highest frequency, Hz.", "HZ");
        var hours = CommonOptions.OptionalNumber("--hours", "How far back (default 24).", "H");
        var detected = new Option<bool?>("--signal-detected") { Description = "true: only captures that held a signal; false: only those that did not.", HelpName = "BOOL" };
        var limit = CommonOptions.OptionalInteger("--limit", "Rows per page (default 100).", "N");
        var cursor = new Option<string?>("--cursor") { Description = "The page after this cursor (printed after each page).", HelpName = "CURSOR" };
        var recent = new Command("recent", "Recent measurements, newest first.") { receiver, min, max, hours, detected, limit, cursor };
        ApiCommand.SetAction(recent, context, async (result, api, ct) =>
        {
            var query = new QueryString().Add("receiverId", result.GetValue(receiver)).Add("minFrequencyHz", result.GetValue(min))
                .Add("maxFrequencyHz", result.GetValue(max)).Add("hours", result.GetValue(hours)).Add("signalDetected", result.GetValue(detected))
                .Add("limit", result.GetValue(limit)).Add("cursor", result.GetValue(cursor));
            return await ApiCommand.PrintAsync(result, context, await api.GetAsync("/api/measurements/recent" + query, ct), Print);
        });
        group.Add(recent);
        return group;
    }

    private static void Print(TextWriter output, JsonNode page)
    {
        var table = new Table(Table.Utc("captured"), "acquisition", "rx", "MHz", "basis", "SNR dB", "offset Hz", "dBFS", "dBm", "tries", "warnings");
        foreach (var m in page["items"]!.AsArray())
        {
            table.Row(Table.Time(m!["capturedAt"]), Table.Text(m["acquisitionId"]), Table.Text(m["receiverId"]), Table.Megahertz(m["frequencyHz"]),
                Table.Text(m["basis"], absent: "iq"), Table.Measured(m["snrDb"], m["snrSigmaDb"], absent: "no signal"),
                Table.Measured(m["frequencyOffsetHz"], m["frequencyOffsetSigmaHz"]), Table.Measured(m["powerDbfs"], m["powerSigmaDb"]),
                Table.Measured(m["powerDbm"], m["powerSigmaDb"]), Table.Text(m["attempts"]),
                Table.Warnings(m).Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.Write(output);
        foreach (var m in page["items"]!.AsArray())
        {
            foreach (var warning in Table.Warnings(m))
            {
                output.WriteLine($"warning  {m!["acquisitionId"]} rx {m["receiverId"]}: {warning}");
            }
        }

        if (page["nextCursor"] is { } next)
        {
            output.WriteLine($"more: --cursor {next}");
        }
    }
}
