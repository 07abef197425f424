using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary><c>heimdall receivers list|show|add|update|enable|disable|remove</c> over <c>/api/receivers</c>.</summary>
internal static class ReceiverCommands
{
    public static Command Create(CliContext context)
    {
        var group = ApiCommand.Group("receivers", "The receiver registry: list, show, add, update, enable, disable, remove.");

        var list = new Command("list", "Every receiver with its bands, last capture and health.");
        ApiCommand.SetAction(list, context, async (result, api, ct) =>
            await ApiCommand.PrintAsync(result, context, await api.GetAsync("/api/receivers", ct), (o, n) => PrintList(o, n.AsArray())));

        var showId = Id();
        var show = new Command("show", "One receiver.") { showId };
        ApiCommand.SetAction(show, context, async (result, api, ct) =>
            await ApiCommand.PrintAsync(result, context, await api.GetAsync($"/api/receivers/{result.GetValue(showId)}", ct), PrintOne));

        var fields = new ReceiverFields(required: true);
        var add = new Command("add", "Add a receiver (validated by the API: every broken rule is named).");
        fields.AddTo(add);
        ApiCommand.SetAction(add, context, async (result, api, ct) =>
            await ApiCommand.PrintAsync(result, context, await api.PostAsync("/api/receivers", fields.Apply(result, new JsonObject()), ct), PrintOne));

        var updateId = Id();
        var changes = new ReceiverFields(required: false);
        var update = new Command("update", "Change the given fields of a receiver (the others stay as they are; the id cannot change).") { updateId };
        changes.AddTo(update);
        ApiCommand.SetAction(update, context, async (result, api, ct) =>
        {
            var path = $"/api/receivers/{result.GetValue(updateId)}";
            var current = (await api.GetAsync(path, ct))!.AsObject();
            var body = changes.Apply(result, current);
            return await ApiCommand.PrintAsync(result, context, await api.PutAsync(path, body, ct), PrintOne);
        });

        foreach (var (name, description) in new[] { ("enable", "Enable a receiver: the next acquisitions use it."), ("disable", "Disable a receiver: the next acquisitions leave it out.") })
        {
            var id = Id();
            var command = new Command(name, description) { id };
            ApiCommand.SetAction(command, context, async (result, api, ct) =>
                await ApiCommand.PrintAsync(result, context, await api.PostAsync($"/api/receivers/{result.GetValue(id)}/{name}", null, ct), PrintOne));
            group.Add(command);
        }

        var removeId = Id();
        var remove = new Command("remove", "Remove a receiver and its bands (its measurements stay).") { removeId };
        ApiCommand.SetAction(remove, context, async (result, api, ct) =>
        {
            await api.DeleteAsync($"/api/receivers/{result.GetValue(removeId)}", ct);
            await context.Output.WriteLineAsync($"receiver {result.GetValue(removeId)} removed");
            return ExitCodes.Ok;
        });

        group.Add(list);
        group.Add(show);
        group.Add(add);
        group.Add(update);
        group.Add(remove);
        return group;
    }

    private static Argument<int> Id() => new("ID") { Description = "The receiver id." };

    private static void PrintList(TextWriter output, JsonArray receivers)
    {
        var table = new Table("id", "name", "kind", "enabled", "bands MHz", "rate Hz", Table.Utc("last capture"), "health");
        foreach (var r in receivers)
        {
            table.Row(Table.Text(r!["receiverId"]), Table.Text(r["name"]), Table.Text(r["kind"]), r["enabled"]!.GetValue<bool>() ? "yes" : "no",
                Bands(r), Table.Number(r["sampleRateHz"], "0"), Table.Time(r["lastCapturedAt"]), ReceiverHealthText.Short(r["health"]));
        }

        table.Write(output);
    }

    private static void PrintOne(TextWriter output, JsonNode r)
    {
        foreach (var (label, value) in new[]
        {
            ("id", Table.Text(r["receiverId"])), ("name", Table.Text(r["name"])), ("kind", Table.Text(r["kind"])), ("url", Table.Text(r["url"])),
            ("enabled", r["enabled"]!.GetValue<bool>() ? "yes" : "no"),
            ("position", $"{Table.Number(r["latitude"], "0.0000")}, {Table.Number(r["longitude"], "0.0000")}{(r["altitudeM"] is null ? "" : $", {Table.Number(r["altitudeM"], "0")} m")}"),
            ("range", $"{Table.Megahertz(r["minFrequencyHz"])}–{Table.Megahertz(r["maxFrequencyHz"])} MHz"), ("bands", Bands(r) + " MHz"),
            ("sample rate", Table.Number(r["sampleRateHz"], "0") + " Hz"), ("calibration", Table.Number(r["calibrationDb"], "0.0") + " dB"),
            ("timeout", Table.Number(r["timeoutSeconds"], "0.###") + " s"), ("retries", Table.Text(r["retryCount"])),
            ("last capture", Table.TimeUtc(r["lastCapturedAt"])), ("health", ReceiverHealthText.Latest(r["health"])),
            ("uptime", ReceiverHealthText.Uptime(r["health"])),
        })
        {
            output.WriteLine($"{label,-13} {value}");
        }
    }

    private static string Bands(JsonNode r)
    {
        var bands = r["bands"]!.AsArray();
        return bands.Count == 0
            ? $"{Table.Megahertz(r["minFrequencyHz"])}–{Table.Megahertz(r["maxFrequencyHz"])}"
            : string.Join(", ", bands.Select(b => $"{Table.Megahertz(b!["minFrequencyHz"])}–{Table.Megahertz(b["maxFrequencyHz"])}"));
    }

    /// <summary>The options of add and update; each one given is written into the JSON body.</summary>
    private sealed class ReceiverFields
    {
        private readonly Option<int?> _id = CommonOptions.OptionalInteger("--id", "Receiver id (default: one more than the largest).", "ID");
        private readonly Option<string?> _name = new("--name") { Description = "Unique name.", HelpName = "NAME" };
        private readonly Option<string?> _kind = new("--kind") { Description = "simulated, kiwisdr, openwebrx, rtl_tcp or file.", HelpName = "KIND" };
        private readonly Option<string?> _url = new("--url") { Description = "Where the receiver is reached.", HelpName = "URL" };
        private readonly Option<double?> _latitude = CommonOptions.OptionalNumber("--latitude", "Degrees north, −90..90.", "DEG", positive: false);
        private readonly Option<double?> _longitude = CommonOptions.OptionalNumber("--longitude", "Degrees east, −180..180.", "DEG", positive: false);
        private readonly Option<double?> _altitude = CommonOptions.OptionalNumber("--altitude", "Metres above sea level.", "M", positive: false);
        private readonly Option<double?> _min = CommonOptions.OptionalNumber("--min-frequency", "Lowest frequency, Hz.", "HZ");
        private readonly Option<double?> _max = CommonOptions.OptionalNumber("--max-frequency", "Highest frequency, Hz.", "HZ");
        private readonly Option<double?> _rate = CommonOptions.OptionalNumber("--sample-rate", "Native sample rate, Hz.", "HZ");
        private readonly Option<double?> _calibration = CommonOptions.OptionalNumber("--calibration-db", "dBm at 0 dBFS.", "DB", positive: false);
        private readonly Option<double?> _timeout = CommonOptions.OptionalNumber("--timeout", "Seconds per capture attempt.", "S");
        private readonly Option<int?> _retries = CommonOptions.OptionalInteger("--retries", "Retries after a failed attempt, 0..10.", "N", minimum: 0);
        private readonly Option<bool?> _enabled = new("--enabled") { Description = "true or false.", HelpName = "BOOL" };
        private readonly Option<string[]> _bands = new("--band")
        {
            Description = "A band MIN:MAX in Hz (repeat for several; replaces every band). Omit for the whole range.",
            HelpName = "MIN:MAX",
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string?> _settings = new("--settings")
        {
            Description = "The kind's settings as a JSON object, e.g. '{\"password\": \"…\", \"manGain\": 50}' (docs/receivers.md; replaces them all).",
            HelpName = "JSON",
        };

        public ReceiverFields(bool required)
        {
            _settings.Validators.Add(result =>
            {
                foreach (var token in result.Tokens.Where(t => !IsJsonObject(t.Value)))
                {
                    result.AddError($"--settings takes a JSON object, like '{{\"gainDb\": 20}}' (got '{token.Value}')");
                }
            });
            foreach (var option in new Option[] { _name, _kind, _url, _latitude, _longitude, _min, _max, _rate })
            {
                option.Required = required;
            }

            if (!required)
            {
                // An update keeps the id (the API ignores receiverId in a replacement): asking to change it is refused, not ignored.
                _id.Hidden = true;
                _id.Validators.Add(result => result.AddError(
                    "receivers update cannot change a receiver's id (the id is its key): add it again with receivers add --id, then remove this one"));
            }

            _bands.Validators.Add(ValidateBands);
        }

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _id, _name, _kind, _url, _latitude, _longitude, _altitude, _min, _max, _rate, _calibration, _timeout, _retries, _enabled, _bands, _settings })
            {
                command.Add(option);
            }
        }

        public JsonObject Apply(ParseResult result, JsonObject body)
        {
            Set(body, "receiverId", result.GetValue(_id));
            Set(body, "name", result.GetValue(_name));
            Set(body, "kind", result.GetValue(_kind));
            Set(body, "url", result.GetValue(_url));
            Set(body, "latitude", result.GetValue(_latitude));
            Set(body, "longitude", result.GetValue(_longitude));
            Set(body, "altitudeM", result.GetValue(_altitude));
            Set(body, "minFrequencyHz", result.GetValue(_min));
            Set(body, "maxFrequencyHz", result.GetValue(_max));
            Set(body, "sampleRateHz", result.GetValue(_rate));
            Set(body, "calibrationDb", result.GetValue(_calibration));
            Set(body, "timeoutSeconds", result.GetValue(_timeout));
            Set(body, "retryCount", result.GetValue(_retries));
            Set(body, "enabled", result.GetValue(_enabled));
            if (result.GetValue(_settings) is { } settings)
            {
                body["settings"] = JsonNode.Parse(settings);
            }
            if (result.GetResult(_bands) is not null)
            {
                body["bands"] = new JsonArray([.. result.GetValue(_bands)!.Select(b =>
                {
                    var (min, max) = ParseBand(b)!.Value;
                    return (JsonNode)new JsonObject { ["minFrequencyHz"] = min, ["maxFrequencyHz"] = max };
                })]);
            }

            return body;
        }

        private static void Set<T>(JsonObject body, string name, T? value)
        {
            if (value is not null)
            {
                body[name] = JsonValue.Create(value);
            }
        }

        private static bool IsJsonObject(string text)
        {
            try
            {
                return JsonNode.Parse(text) is JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        private static void ValidateBands(OptionResult result)
        {
            foreach (var token in result.Tokens.Where(t => ParseBand(t.Value) is null))
            {
                result.AddError($"--band takes MIN:MAX in Hz, like 144e6:146e6 (got '{token.Value}')");
            }
        }

        private static (double Min, double Max)? ParseBand(string text)
        {
            var parts = text.Split(':');
            return parts.Length == 2
                   && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
                   && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
                ? (min, max)
                : null;
        }
    }
}
