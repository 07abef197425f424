using System.Net;
using System.Text.Json.Nodes;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// Keys, with reads closed and open: a missing key, an unknown key and a read-only key are told apart (the problem's
/// reason and detail), and an unknown key is refused even where reads need none.
/// </summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed class When_keys_are_checked(bool anonymousReads)
{
    private ApiHost _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await ApiHost.StartAsync(T0, anonymousReads);

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Problem)> SendAsync(string? key, HttpMethod method, string path)
    {
        using var client = _api.Client(key);
        using var response = await client.SendAsync(new HttpRequestMessage(method, path));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? null : JsonNode.Parse(text));
    }

    [Test]
    public async Task A_read_Should_need_a_known_key_or_none_where_reads_are_open()
    {
        var (none, noneProblem) = await SendAsync(null, HttpMethod.Get, "/api/receivers");
        var (wrong, wrongProblem) = await SendAsync("wrong-key-wrong-key-wrong", HttpMethod.Get, "/api/receivers");
        var (read, _) = await SendAsync(ApiHost.ReadKey, HttpMethod.Get, "/api/receivers");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(none, Is.EqualTo(anonymousReads ? HttpStatusCode.OK : HttpStatusCode.Unauthorized));
            if (!anonymousReads)
            {
                Assert.That(noneProblem!["reason"]!.GetValue<string>(), Is.EqualTo("missing-key"));
                Assert.That(noneProblem["detail"]!.GetValue<string>(), Is.EqualTo("Reading needs a key here (Api:AllowAnonymousReads is off): send a key of Api:Keys or Api:ReadKeys in the X-Api-Key header."));
            }

            Assert.That(wrong, Is.EqualTo(HttpStatusCode.Unauthorized), "a wrong key is never taken for no key");
            Assert.That(wrongProblem!["reason"]!.GetValue<string>(), Is.EqualTo("unknown-key"));
            Assert.That(wrongProblem["title"]!.GetValue<string>(), Is.EqualTo("Unknown API key."));
            Assert.That(read, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task A_write_Should_tell_a_missing_an_unknown_and_a_read_only_key_apart()
    {
        var missing = await SendAsync(null, HttpMethod.Post, "/api/receivers/1/disable");
        var unknown = await SendAsync("wrong-key-wrong-key-wrong", HttpMethod.Post, "/api/receivers/1/disable");
        var readOnly = await SendAsync(ApiHost.ReadKey, HttpMethod.Post, "/api/receivers/1/disable");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((missing.Status, unknown.Status, readOnly.Status), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden)));
            Assert.That(new[] { missing.Problem, unknown.Problem, readOnly.Problem }.Select(p => p!["reason"]!.GetValue<string>()),
                Is.EqualTo(new[] { "missing-key", "unknown-key", "read-only-key" }));
            Assert.That(missing.Problem!["detail"]!.GetValue<string>(), Is.EqualTo("This operation changes state: send a key of Api:Keys in the X-Api-Key header."));
            Assert.That(readOnly.Problem!["detail"]!.GetValue<string>(),
                Is.EqualTo("The key in the X-Api-Key header may only read (Api:ReadKeys); this operation changes state and needs a key of Api:Keys."));
        }

        Assert.That(await _api.Stack.Database.ScalarAsync<bool>("select enabled from receivers where receiver_id = 1"), Is.True);
    }
}
