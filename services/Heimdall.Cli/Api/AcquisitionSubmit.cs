using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary>
/// <c>heimdall acquisitions submit --frequency HZ [--duration S] [--sample-rate HZ] [--start-at TIME] [--receivers 1,2]
/// [--id GUID] [--requested-by NAME] [--wait [--timeout S]]</c>: <c>POST /api/acquisitions</c>, so a request needs only
/// the API and a write key (no broker settings). Without <c>--wait</c> it prints what was accepted; with it, it asks
/// the acquisition's Location until it is completed, partial, failed or rejected, prints it as <c>show</c> does and exits
/// as <c>demo</c> does (0, 3 rejected, 5 failed; 1 when <c>--timeout</c> passes first).
/// </summary>
internal static class AcquisitionSubmit
{
    private static readonly string[] Outcomes = ["completed", "partial", "failed", "rejected"];

    /// <summary>How often a waiting submit asks for the status.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create(CliContext context, Action<TextWriter, JsonNode> printAcquisition)
    {
        var frequency = CommonOptions.OptionalNumber("--frequency", "Centre frequency, Hz.", "HZ");
        frequency.Required = true;
        var duration = CommonOptions.Number("--duration", "Capture length, seconds.", 1, "S");
        var sampleRate = CommonOptions.OptionalNumber("--sample-rate", "Sample rate, Hz (default: each receiver's own).", "HZ");
        var startAt = CommonOptions.Time("--start-at", "When to start, ISO 8601 with an offset (default: now).");
        var receivers = CommonOptions.ReceiverIds("--receivers", "Receivers to use (default: every enabled receiver that covers the frequency).");
        var id = new Option<Guid?>("--id") { Description = "The acquisition id (default: generated); sending the same id again is refused (409).", HelpName = "GUID" };
        var requestedBy = new Option<string?>("--requested-by") { Description = "Who asks (default: the key's name).", HelpName = "NAME" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the outcome and print it (exit 0 completed or partial, 3 rejected, 5 failed)." };
        var timeout = CommonOptions.Number("--timeout", "Seconds --wait waits for the outcome.", 120, "S");
        var submit = new Command("submit", "Request an acquisition through the API (a write key); --wait follows it to its outcome.")
        {
            frequency, duration, sampleRate, startAt, receivers, id, requestedBy, wait, timeout,
        };
        ApiCommand.SetAction(submit, context, async (result, api, ct) =>
        {
            var body = new JsonObject { ["frequencyHz"] = result.GetValue(frequency), ["durationSeconds"] = result.GetValue(duration) };
            Set(body, "sampleRateHz", result.GetValue(sampleRate));
            Set(body, "startAtUtc", result.GetValue(startAt)?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            Set(body, "acquisitionId", result.GetValue(id)?.ToString());
            Set(body, "requestedBy", result.GetValue(requestedBy));
            if (result.GetValue(receivers) is { } ids)
            {
                body["receiverIds"] = new JsonArray([.. ids.Select(r => (JsonNode)r)]);
            }

            var accepted = (await api.PostAsync("/api/acquisitions", body, ct))!;
            var acquisitionId = accepted["acquisitionId"]!.GetValue<string>();
            if (!result.GetValue(wait))
            {
                return await ApiCommand.PrintAsync(result, context, accepted, (output, node) =>
                {
                    output.WriteLine($"acquisition {acquisitionId} requested: receivers {string.Join(",", node["receiverIds"]!.AsArray())}, starting {Table.TimeUtc(node["startAtUtc"])}");
                    output.WriteLine($"follow it: heimdall acquisitions show {acquisitionId}");
                });
            }

            return await WaitAsync(result, context, api, acquisitionId, TimeSpan.FromSeconds(result.GetValue(timeout)), printAcquisition, ct);
        });
        return submit;
    }

    private static async Task<int> WaitAsync(
        ParseResult result, CliContext context, ApiClient api, string acquisitionId, TimeSpan timeout, Action<TextWriter, JsonNode> print, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        JsonNode current;
        while (true)
        {
            current = (await api.GetAsync($"/api/acquisitions/{acquisitionId}", cancellationToken))!;
            if (Outcomes.Contains(current["acquisition"]!["status"]!.GetValue<string>()))
            {
                break;
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"error: acquisition {acquisitionId} is still {current["acquisition"]!["status"]} after {timeout.TotalSeconds:0.###} s: is every service running? (heimdall acquisitions show {acquisitionId})"));
                return ExitCodes.Failed;
            }
        }

        await ApiCommand.PrintAsync(result, context, current, print);
        return current["acquisition"]!["status"]!.GetValue<string>() switch
        {
            "rejected" => ExitCodes.Rejected,
            "failed" => ExitCodes.AcquisitionFailed,
            _ => ExitCodes.Ok,
        };
    }

    private static void Set(JsonObject body, string name, object? value)
    {
        if (value is not null)
        {
            body[name] = JsonValue.Create(value);
        }
    }
}
