using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Heimdall.Cli.Api;

/// <summary>
/// The Heimdall API over HTTP, with JSON nodes rather than the API's types (the CLI references neither the API nor
/// Heimdall.Data). The key, when set, goes in <c>X-Api-Key</c>.
/// </summary>
public sealed class ApiClient : IDisposable
{
    public const string KeyHeader = "X-Api-Key";
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? key, HttpMessageHandler? handler)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseAddress;
        _http.Timeout = TimeSpan.FromMinutes(10);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(key))
        {
            _http.DefaultRequestHeaders.Add(KeyHeader, key);
        }
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonNode?> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonNode?> PutAsync(string path, JsonNode body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonNode?> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Streams the body of <paramref name="path"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public async Task<long> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfErrorAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var before = destination.CanSeek ? destination.Position : 0;
        await body.CopyToAsync(destination, 1 << 16, cancellationToken);
        return destination.CanSeek ? destination.Position - before : -1;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        await ThrowIfErrorAsync(response, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? problem = null;
        try
        {
            problem = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page): the status alone is said.
        }

        var title = problem?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? response.StatusCode.ToString();
        var detail = problem?["detail"]?.GetValue<string>();
        throw new ApiException(response.StatusCode, problem,
            $"{(int)response.StatusCode} {title}{(detail is null ? "" : ": " + detail)}");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A location problem's power-based region in one line, labelled power-based with its confidence and model.</summary>
    private static string PowerRegionLine(JsonObject region)
    {
        var confidence = region["confidenceLevel"]!.GetValue<double>();
        var model = region["model"]!;
        var what = region["status"]?.GetValue<string>() == Localisation.Power.PowerRegionStatus.Region
            ? string.Create(CultureInfo.InvariantCulture, $"{region["areaKm2"]!.GetValue<double>():0.#} km²{(region["bounded"]?.GetValue<bool>() == false ? " (reaches the edge of its grid: goes on beyond)" : "")}")
            : $"{region["status"]}: {region["reason"]}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Localisation.Power.PowerRegionEstimate.Label(confidence)}: {what}; log-distance model, path-loss exponent {model["exponent"]!.GetValue<double>():0.###}, shadowing σ {model["shadowingSigmaDb"]!.GetValue<double>():0.###} dB");
    }

    /// <summary>The exit code and stderr lines for an API error (every field problem on its own line).</summary>
    public static (int ExitCode, IReadOnlyList<string> Lines) Describe(ApiException error)
    {
        var lines = new List<string> { "error: " + error.Message };
        if (error.Problem?["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                lines.AddRange(messages!.AsArray().Select(m => $"  {field}: {m!.GetValue<string>()}"));
            }
        }

        var code = error.Status switch
        {
            HttpStatusCode.NotFound => CommandLine.ExitCodes.NotFound,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CommandLine.ExitCodes.Unauthorized,
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => CommandLine.ExitCodes.Rejected,
            _ => CommandLine.ExitCodes.Failed,
        };
        if (error.Problem?["stations"] is JsonArray stations)
        {
            // A location problem (no point): each receiver, used or not and why.
            lines.AddRange(stations.Select(s => $"  {s!["name"]}: {(s["used"]?.GetValue<bool>() == true ? "used" : "not used: " + s["reason"])}"));
        }

        if (error.Problem?["powerRegion"] is JsonObject region)
        {
            lines.Add("  " + PowerRegionLine(region));
        }

        var reason = error.Problem?["reason"]?.GetValue<string>();
        if (error.Status == HttpStatusCode.Forbidden)
        {
            lines.Add("  the key is read-only (the API's Api:ReadKeys): this command changes state and needs a key of Api:Keys (--api-key or HEIMDALL_API_KEY)");
        }
        else if (error.Status == HttpStatusCode.Unauthorized)
        {
            lines.Add(reason == "unknown-key"
                ? "  the key given (--api-key or HEIMDALL_API_KEY) is none of the API's keys: check it"
                : "  give a key with --api-key or HEIMDALL_API_KEY: one of the API's Api:Keys (or Api:ReadKeys for reading)");
        }

        return (code, lines);
    }
}
