using System.Text.Json.Nodes;
using Heimdall.Cli;
using Heimdall.Cli.Api;
using Heimdall.DemoReceivers;

namespace Heimdall.Api.Tests;

/// <summary>
/// <c>heimdall demo --mixed-servers</c>'s registration through the real API (a fresh database with the seven seeded
/// simulated receivers): the demo servers' entries as the tool writes them are accepted, a rerun with the servers on
/// other ports updates the same receivers instead of adding more, the acquisition takes every enabled simulated receiver
/// and the servers, and the servers disabled after a run are enabled again by the next.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_the_mixed_demo_registers_its_servers
{
    private ApiHost _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await ApiHost.StartAsync(DateTimeOffset.UtcNow);

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    private static JsonArray Servers(int firstPort) => new([.. DemoSites.All.Select((s, i) => (JsonNode)DemoSites.Receiver(s, s.Kind switch
    {
        "spyserver" => $"sdr://127.0.0.1:{firstPort + i}",
        "openwebrx" => $"http://127.0.0.1:{firstPort + i}/",
        _ => $"tcp://127.0.0.1:{firstPort + i}",
    }))]);

    [Test]
    public async Task A_rerun_Should_update_the_same_receivers_and_enable_them_again()
    {
        using var api = new ApiClient(new Uri("http://localhost"), ApiHost.WriteKey, _api.Handler());
        using var first = new StringWriter();
        using var second = new StringWriter();
        using var disabled = new StringWriter();

        var registered = await RegisterAsync(api, Servers(40001), first);
        await MixedDemo.DisableAsync(api, registered, disabled);
        var again = await RegisterAsync(api, Servers(50001), second);
        var receivers = (await api.GetAsync("/api/receivers", CancellationToken.None))!.AsArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ToString(), Is.EqualTo("""
                added receiver 8 Demo SpyServer Alessandria (spyserver, sdr://127.0.0.1:40001)
                added receiver 9 Demo OpenWebRX Chieri (openwebrx, http://127.0.0.1:40002/)
                added receiver 10 Demo rtl_tcp Alba (rtl_tcp, tcp://127.0.0.1:40003)

                """.ReplaceLineEndings("\n")));
            Assert.That(disabled.ToString(), Is.EqualTo(
                "\nReceivers 8, 9, 10 disabled: their servers stop with the demo (the next --mixed run enables them again).\n"));
            Assert.That(second.ToString(), Is.EqualTo("""
                updated receiver 8 Demo SpyServer Alessandria (spyserver, sdr://127.0.0.1:50001)
                updated receiver 9 Demo OpenWebRX Chieri (openwebrx, http://127.0.0.1:50002/)
                updated receiver 10 Demo rtl_tcp Alba (rtl_tcp, tcp://127.0.0.1:50003)

                """.ReplaceLineEndings("\n")));
            Assert.That(again.ServerIds, Is.EqualTo(registered.ServerIds));
            Assert.That(receivers, Has.Count.EqualTo(10), "seven seeded, three servers, none twice");
            Assert.That(receivers.Where(r => r!["receiverId"]!.GetValue<int>() >= 8).Select(r =>
                    (r!["kind"]!.GetValue<string>(), r["url"]!.GetValue<string>(), r["enabled"]!.GetValue<bool>(), r["calibrationDb"]!.GetValue<double>())),
                Is.EqualTo(new[]
                {
                    ("spyserver", "sdr://127.0.0.1:50001", true, DemoSites.CalibrationDb), ("openwebrx", "http://127.0.0.1:50002/", true, DemoSites.CalibrationDb),
                    ("rtl_tcp", "tcp://127.0.0.1:50003", true, DemoSites.CalibrationDb),
                }));
            Assert.That(again.AcquisitionReceivers(null), Is.EqualTo(Enumerable.Range(1, 10)), "every enabled simulated receiver and the servers");
            Assert.That(again.AcquisitionReceivers([]), Is.EqualTo(Enumerable.Range(1, 10)), "no --receivers: the command line gives an empty list");
            Assert.That(again.AcquisitionReceivers([3, 9]), Is.EqualTo(new[] { 3, 8, 9, 10 }), "the receivers asked for and the servers");
        }
    }

    /// <summary>The registration, with the API's refusal (every broken rule) as the failure's message.</summary>
    private static async Task<MixedDemo.Registration> RegisterAsync(ApiClient api, JsonArray servers, TextWriter output)
    {
        try
        {
            return await MixedDemo.RegisterAsync(api, servers, output, CancellationToken.None);
        }
        catch (ApiException ex)
        {
            Assert.Fail(string.Join("\n", ApiClient.Describe(ex).Lines));
            throw;
        }
    }
}
