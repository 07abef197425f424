using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Heimdall.Testing;

/// <summary>
/// The RabbitMQ management HTTP API, as an operator or an upstream system in another language would use it: vhosts,
/// raw publishing, queues and reading messages.
/// </summary>
public sealed class RabbitMqManagement : IDisposable
{
    private readonly HttpClient _http;

    public RabbitMqManagement(TestEndpoints endpoints)
    {
        _http = new HttpClient { BaseAddress = endpoints.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoints.RabbitUser}:{endpoints.RabbitPassword}")));
        User = endpoints.RabbitUser;
    }

    private string User { get; }

    public async Task CreateVhostAsync(string vhost)
    {
        (await _http.PutAsync($"api/vhosts/{Escape(vhost)}", null)).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"api/permissions/{Escape(vhost)}/{Escape(User)}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public async Task DeleteVhostAsync(string vhost) => await _http.DeleteAsync($"api/vhosts/{Escape(vhost)}");

    /// <summary>Publishes a raw message; true when it was routed to at least one queue.</summary>
    public async Task<bool> PublishAsync(string vhost, string exchange, string payload, string? contentType = "application/json")
    {
        var properties = contentType is null ? new JsonObject() : new JsonObject { ["content_type"] = contentType };
        var response = await _http.PostAsJsonAsync($"api/exchanges/{Escape(vhost)}/{Escape(exchange)}/publish",
            new JsonObject { ["properties"] = properties, ["routing_key"] = "", ["payload"] = payload, ["payload_encoding"] = "string" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["routed"]!.GetValue<bool>();
    }

    /// <summary>Declares a durable classic queue bound to a fanout message exchange (created if needed) to observe events.</summary>
    public async Task BindObserverAsync(string vhost, string queue, string exchange)
    {
        (await _http.PutAsJsonAsync($"api/exchanges/{Escape(vhost)}/{Escape(exchange)}", new { type = "fanout", durable = true })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"api/queues/{Escape(vhost)}/{Escape(queue)}", new { durable = true })).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync($"api/bindings/{Escape(vhost)}/e/{Escape(exchange)}/q/{Escape(queue)}", new { routing_key = "" })).EnsureSuccessStatusCode();
    }

    /// <summary>Takes up to <paramref name="count"/> messages off the queue (acknowledged), payloads as JSON.</summary>
    public async Task<IReadOnlyList<JsonMessage>> TakeAsync(string vhost, string queue, int count = 100)
    {
        var response = await _http.PostAsJsonAsync($"api/queues/{Escape(vhost)}/{Escape(queue)}/get",
            new { count, ackmode = "ack_requeue_false", encoding = "auto" });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonArray>() ?? [];
        return messages.Select(m => new JsonMessage(m!["payload"]!.GetValue<string>(), m["properties"]?["headers"] as JsonObject)).ToList();
    }

    /// <summary>Waits until the queue holds at least <paramref name="expected"/> messages, then takes them all.</summary>
    public async Task<IReadOnlyList<JsonMessage>> WaitForAsync(string vhost, string queue, int expected, TimeSpan timeout)
    {
        var taken = new List<JsonMessage>();
        var deadline = DateTime.UtcNow + timeout;
        while (taken.Count < expected && DateTime.UtcNow < deadline)
        {
            taken.AddRange(await TakeAsync(vhost, queue));
            if (taken.Count < expected)
            {
                await Task.Delay(200);
            }
        }

        return taken;
    }

    /// <summary>Every queue of the vhost with the messages in it (ready and unacknowledged).</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string vhost)
    {
        var queues = await _http.GetFromJsonAsync<JsonArray>($"api/queues/{Escape(vhost)}?columns=name,messages") ?? [];
        return queues.ToDictionary(q => q!["name"]!.GetValue<string>(), q => q!["messages"]?.GetValue<long>() ?? 0);
    }

    /// <summary>
    /// Every queue of the vhost with how many deliveries were redeliveries (counted by the broker since it started;
    /// its statistics lag by up to its collection interval, 5 s by default).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> RedeliveriesAsync(string vhost)
    {
        var queues = await _http.GetFromJsonAsync<JsonArray>($"api/queues/{Escape(vhost)}?columns=name,message_stats.redeliver") ?? [];
        return queues.ToDictionary(q => q!["name"]!.GetValue<string>(), q => q!["message_stats"] is JsonObject stats ? stats["redeliver"]?.GetValue<long>() ?? 0 : 0);
    }

    /// <summary>One queue as the management API describes it (type, arguments, policy, effective_policy_definition, …).</summary>
    public async Task<JsonObject> QueueAsync(string vhost, string queue) =>
        await _http.GetFromJsonAsync<JsonObject>($"api/queues/{Escape(vhost)}/{Escape(queue)}") ?? throw new InvalidOperationException($"no queue {queue} in {vhost}");

    private static string Escape(string value) => Uri.EscapeDataString(value);

    public void Dispose() => _http.Dispose();
}

/// <summary>A message body and its AMQP headers.</summary>
public sealed record JsonMessage(string Payload, JsonObject? Headers)
{
    /// <summary>The message: the <c>message</c> of a MassTransit envelope, or the body itself when raw.</summary>
    public JsonNode Body
    {
        get
        {
            var node = JsonNode.Parse(Payload)!;
            return node is JsonObject o && o.ContainsKey("messageType") && o["message"] is { } inner ? inner : node;
        }
    }

    public T Get<T>(string property) => Body[property]!.GetValue<T>();

    /// <summary>A string of the MassTransit envelope itself (<c>messageId</c>, <c>sentTime</c>, …); null when absent or raw.</summary>
    public string? Envelope(string property) => JsonNode.Parse(Payload) is JsonObject envelope ? envelope[property]?.GetValue<string>() : null;

    public override string ToString() => Payload;
}
