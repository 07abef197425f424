using System.CommandLine;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary>
/// <c>heimdall acquisitions list|show ID|submit</c> over <c>/api/acquisitions</c>: submit requests one through the API
/// (validated there, with a write key) and, with <c>--wait</c>, follows it to its outcome.
/// </summary>
internal static class AcquisitionCommands
{
    public static Command Create(CliContext context)
    {
        var group = ApiCommand.Group("acquisitions", "Request an acquisition through the API, list recent ones, show one's outcome.");

        var status = new Option<string?>("--status") { Description = "Only this status.", HelpName = "STATUS" };
        status.AcceptOnlyFromAmong("requested", "capturing", "completed", "partial", "failed", "rejected");
        var limit = CommonOptions.OptionalInteger("--limit", "How many (default 50).", "N");
        var list = new Command("list", "Recent acquisitions, the most recently requested first.") { status, limit };
        ApiCommand.SetAction(list, context, async (result, api, ct) =>
        {
            var query = new QueryString().Add("status", result.GetValue(status)).Add("limit", result.GetValue(limit));
            return await ApiCommand.PrintAsync(result, context, await api.GetAsync("/api/acquisitions" + query, ct), (o, n) => PrintList(o, n.AsArray()));
        });

        var id = new Argument<Guid>("ID") { Description = "The acquisition id." };
        var show = new Command("show", "One acquisition: status, timings, each receiver's outcome and measurement.") { id };
        ApiCommand.SetAction(show, context, async (result, api, ct) =>
            await ApiCommand.PrintAsync(result, context, await api.GetAsync($"/api/acquisitions/{result.GetValue(id)}", ct), PrintOne));

        group.Add(list);
        group.Add(show);
        group.Add(AcquisitionSubmit.Create(context, PrintOne));
        return group;
    }

    private static void PrintList(TextWriter output, JsonArray acquisitions)
    {
        var table = new Table("acquisition", "status", Table.Utc("requested"), "MHz", "s", "stored", "failed", "by");
        foreach (var a in acquisitions)
        {
            table.Row(Table.Text(a!["acquisitionId"]), Table.Text(a["status"]), Table.Time(a["requestedAt"]), Table.Megahertz(a["frequencyHz"]),
                Table.Number(a["durationSeconds"], "0.###"), Table.Text(a["receiversStored"]), Table.Text(a["receiversFailed"]), Table.Text(a["requestedBy"]));
        }

        table.Write(output);
    }

    internal static void PrintOne(TextWriter output, JsonNode body)
    {
        var a = body["acquisition"]!;
        output.WriteLine($"acquisition  {a["acquisitionId"]}");
        output.WriteLine($"status       {a["status"]} ({a["receiversStored"]} stored, {a["receiversFailed"]} failed of {Table.Text(a["receiversExpected"])})");
        output.WriteLine($"frequency    {Table.Megahertz(a["frequencyHz"])} MHz for {Table.Number(a["durationSeconds"], "0.###")} s");
        output.WriteLine($"requested    {Table.TimeUtc(a["requestedAt"])} by {Table.Text(a["requestedBy"])}");
        output.WriteLine($"started      {Table.TimeUtc(a["startedAt"])}; captured {Table.TimeUtc(a["capturedAt"])}; completed {Table.TimeUtc(a["completedAt"])}");
        foreach (var reason in a["reasons"]!.AsArray())
        {
            output.WriteLine($"reason       {reason}");
        }

        output.WriteLine();
        var measurements = body["measurements"]!.AsArray().ToDictionary(m => m!["receiverId"]!.GetValue<int>());
        var table = new Table("rx", "outcome", "basis", "SNR dB", "offset Hz", "dBFS", "dBm", "tries", "recording or reason");
        foreach (var r in body["receivers"]!.AsArray())
        {
            var rx = r!["receiverId"]!.GetValue<int>();
            var m = measurements.GetValueOrDefault(rx);
            table.Row(rx.ToString(System.Globalization.CultureInfo.InvariantCulture), Table.Text(r["outcome"]),
                m is null ? "-" : Table.Text(m["basis"], absent: "iq"),
                m is null ? "-" : Table.Measured(m["snrDb"], m["snrSigmaDb"], absent: "no signal"), Table.Measured(m?["frequencyOffsetHz"], m?["frequencyOffsetSigmaHz"]),
                Table.Measured(m?["powerDbfs"], m?["powerSigmaDb"]), Table.Measured(m?["powerDbm"], m?["powerSigmaDb"]), Table.Text(m?["attempts"]),
                Table.Text(r["dataUri"] ?? r["detail"]));
        }

        table.Write(output);
        foreach (var m in body["measurements"]!.AsArray())
        {
            foreach (var warning in Table.Warnings(m))
            {
                output.WriteLine($"warning      rx {m!["receiverId"]}: {warning}");
            }
        }
    }
}
