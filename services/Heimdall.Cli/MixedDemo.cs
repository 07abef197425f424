using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heimdall.Cli.Api;
using Heimdall.Localisation.Geodesy;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall demo --mixed-servers FILE</c>: the untimed servers of FILE (a JSON array of receivers as
/// <c>POST /api/receivers</c> takes them; <c>./heimdall demo --mixed</c> starts local ones and writes it) registered
/// through the API by name (replaced when a receiver of that name exists, added when not: a rerun updates, never
/// duplicates), and the acquisition's receivers: every enabled simulated receiver (or <c>--receivers</c>) plus them.
/// </summary>
public static class MixedDemo
{
    /// <summary>A receiver of the acquisition as the registry has it.</summary>
    public sealed record DemoReceiver(int ReceiverId, string Name, string Kind, GeoPosition Position, bool Enabled);

    /// <summary>What was registered: the servers' ids, and every receiver of the registry by id.</summary>
    public sealed record Registration(IReadOnlyList<int> ServerIds, IReadOnlyDictionary<int, DemoReceiver> Registry)
    {
        /// <summary>The acquisition's receivers: <paramref name="chosen"/> (when none: every enabled simulated one) and the servers.</summary>
        public int[] AcquisitionReceivers(int[]? chosen) =>
            [.. (chosen is { Length: > 0 } ? chosen : Registry.Values.Where(r => r.Kind == "simulated" && r.Enabled).Select(r => r.ReceiverId))
                .Concat(ServerIds).Distinct().Order()];
    }

    /// <summary>The servers of the file: a JSON array of receiver objects, each with a name.</summary>
    public static async Task<JsonArray> ReadServersAsync(string path, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CommandFailedException($"cannot read the servers of {Path.GetFullPath(path)}: {ex.Message}", ex);
        }

        if (node is not JsonArray servers || servers.Count == 0 || servers.Any(s => s?["name"]?.GetValueKind() != JsonValueKind.String))
        {
            throw new CommandFailedException($"{Path.GetFullPath(path)}: expected a JSON array of receivers, each with a name");
        }

        return servers;
    }

    /// <summary>Registers each server by name (PUT when one of that name exists, else POST), saying which on <paramref name="output"/>.</summary>
    public static async Task<Registration> RegisterAsync(ApiClient api, JsonArray servers, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(output);
        var existing = (await api.GetAsync("/api/receivers", cancellationToken))!.AsArray()
            .ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!["receiverId"]!.GetValue<int>(), StringComparer.Ordinal);
        var ids = new List<int>();
        foreach (var server in servers)
        {
            var body = server!.DeepClone().AsObject();
            var name = body["name"]!.GetValue<string>();
            JsonNode saved;
            if (existing.TryGetValue(name, out var id))
            {
                saved = (await api.PutAsync($"/api/receivers/{id}", body, cancellationToken))!;
                await output.WriteLineAsync(Invariant($"updated receiver {id} {name} ({body["kind"]}, {body["url"]})"));
            }
            else
            {
                saved = (await api.PostAsync("/api/receivers", body, cancellationToken))!;
                await output.WriteLineAsync(Invariant($"added receiver {saved["receiverId"]} {name} ({body["kind"]}, {body["url"]})"));
            }

            ids.Add(saved["receiverId"]!.GetValue<int>());
        }

        var registry = (await api.GetAsync("/api/receivers", cancellationToken))!.AsArray();
        return new Registration(ids, registry.ToDictionary(r => r!["receiverId"]!.GetValue<int>(), r => new DemoReceiver(
            r!["receiverId"]!.GetValue<int>(), r["name"]!.GetValue<string>(), r["kind"]!.GetValue<string>(),
            new GeoPosition(r["latitude"]!.GetValue<double>(), r["longitude"]!.GetValue<double>(), r["altitudeM"]?.GetValue<double>() ?? 0),
            r["enabled"]!.GetValue<bool>())));
    }

    /// <summary>
    /// Disables the servers once the demo is over: their processes stop with it, and an enabled receiver nobody serves
    /// would fail every later acquisition that covers its band (the plain demo's included). The next run enables them.
    /// </summary>
    public static async Task DisableAsync(ApiClient api, Registration registration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var id in registration.ServerIds)
        {
            await api.PostAsync($"/api/receivers/{id}/disable", null, CancellationToken.None);
        }

        await output.WriteLineAsync($"\nReceivers {string.Join(", ", registration.ServerIds)} disabled: their servers stop with the demo (the next --mixed run enables them again).");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
