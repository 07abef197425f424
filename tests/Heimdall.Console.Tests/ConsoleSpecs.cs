using System.Globalization;
using System.Text.RegularExpressions;
using Heimdall.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Heimdall.Console.Tests;

/// <summary>
/// The operator console in Debian's chromium, against the three services and the API as real processes on the real stack
/// (fresh vhost, database and bucket; the simulated receivers the migrations register). Reads need a key here
/// (Api:AllowAnonymousReads off), so every page is reached through the key form. Each page is saved as a screenshot and
/// attached to the test.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ConsoleSpecs
{
    private const string WriteKey = ConsoleStack.WriteKey;
    private const string ReadKey = ConsoleStack.ReadKey;
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    private ConsoleStack _console = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _errors = [];

    [OneTimeSetUp]
    public async Task Start() => _console = await ConsoleStack.StartAsync(SeedProbesAsync);

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }
    }

    private PipelineProcesses Pipeline => _console.Pipeline;

    [SetUp]
    public async Task OpenPage()
    {
        _errors.Clear();
        (_context, _page) = await _console.Browser.NewPageAsync(_console.Api.BaseAddress, _errors);
        _page.SetDefaultTimeout(20_000);
    }

    [TearDown]
    public async Task ClosePage()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await ScreenshotAsync("failed");
            _console.WriteOutputsIfTestFailed();
        }

        await _context.DisposeAsync();
    }

    /// <summary>Three probes of receiver 1 an hour apart, the middle one failed: the receiver page's chart.</summary>
    private static Task SeedProbesAsync(TestStack stack) => stack.Database.ExecuteAsync("""
        insert into receiver_health (receiver_id, probed_at, reachable, latency_ms, detail) values
            (1, now() - interval '3 hours', true, 40, 'seeded: reachable'),
            (1, now() - interval '2 hours', false, null, 'seeded: connection refused'),
            (1, now() - interval '1 hour', true, 55, 'seeded: reachable')
        """);

    private async Task UseKeyAsync(string key)
    {
        await _page.GotoAsync("/");
        await _page.GetByLabel("API key").FillAsync(key);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(_page.Locator("#key-state")).ToHaveTextAsync("A key is kept for this session.");
    }

    private async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, $"the console: {name}");
    }

    private void AssertNoScriptOrPolicyErrors() =>
        Assert.That(_errors, Is.Empty, "no script error and no Content-Security-Policy violation in the page");

    [Test]
    public async Task Network_page_Should_show_every_registered_receiver_on_the_map_and_in_the_list()
    {
        var receivers = (await Pipeline.Stack.Database.ScalarAsync<string>("select string_agg(receiver_id || '=' || name, ';' order by receiver_id) from receivers"))!
            .Split(';').Select(r => r.Split('=', 2)).Select(r => (Id: int.Parse(r[0], CultureInfo.InvariantCulture), Name: r[1])).ToList();
        await UseKeyAsync(ReadKey);

        await _page.GotoAsync("/#/");
        await Expect(_page.Locator("#network-map")).ToHaveAttributeAsync("data-drawn", "true");
        await Expect(_page.Locator("path.receiver-marker")).ToHaveCountAsync(receivers.Count);
        foreach (var (id, name) in receivers)
        {
            await Expect(_page.Locator($"path.receiver-{id}")).ToBeVisibleAsync();
            await Expect(_page.Locator("table.receivers tbody").GetByRole(AriaRole.Link, new() { Name = $"{name} ({id})", Exact = true })).ToBeVisibleAsync();
        }

        // Each row names the receiver's bands as registered (receiver_bands, in MHz to three decimals).
        var bands = await Pipeline.Stack.Database.ScalarAsync<string>(
            "select string_agg(receiver_id || '=' || to_char(min_frequency_hz / 1e6, 'FM999990.000') || '–' || to_char(max_frequency_hz / 1e6, 'FM999990.000') || ' MHz', ';' "
            + "order by receiver_id, min_frequency_hz) from receiver_bands");
        foreach (var band in (bands ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(b => b.Split('=', 2)))
        {
            var row = _page.Locator("table.receivers tbody tr").Filter(new() { Has = _page.GetByRole(AriaRole.Link, new() { Name = $"({band[0]})" }) });
            await Expect(row).ToContainTextAsync(band[1]);
        }

        // Coastlines and borders come from the bundled Natural Earth data: the world pane has its polygons.
        Assert.That(await _page.Locator(".leaflet-world-pane path").CountAsync(), Is.GreaterThan(0), "the countries are drawn");
        await Expect(_page.Locator("table.receivers tbody tr")).ToHaveCountAsync(receivers.Count);
        await ScreenshotAsync("network");
        AssertNoScriptOrPolicyErrors();
    }

    [Test]
    public async Task Receiver_page_Should_chart_its_health_history_with_times_in_UTC()
    {
        await UseKeyAsync(ReadKey);

        await _page.GotoAsync("/#/receivers/1");
        await Expect(_page.Locator("#receiver-map")).ToHaveAttributeAsync("data-drawn", "true");
        var probes = await Pipeline.Stack.Database.ScalarAsync<long>("select count(*) from receiver_health where receiver_id = 1 and probed_at > now() - interval '7 days'");
        var failed = await Pipeline.Stack.Database.ScalarAsync<long>("select count(*) from receiver_health where receiver_id = 1 and not reachable and probed_at > now() - interval '7 days'");
        Assert.That(failed, Is.GreaterThanOrEqualTo(1), "the seeded failed probe");
        await Expect(_page.Locator("svg.chart rect.probe-up, svg.chart rect.probe-down")).ToHaveCountAsync((int)probes);
        await Expect(_page.Locator("svg.chart rect.probe-down")).ToHaveCountAsync((int)failed);
        await Expect(_page.GetByRole(AriaRole.Cell, new() { Name = "seeded: connection refused" })).ToBeVisibleAsync();

        // The browser runs in Europe/Berlin; the page still writes UTC and says so.
        var seeded = (await Pipeline.Stack.Database.ScalarAsync<DateTime>(
            "select probed_at from receiver_health where receiver_id = 1 and detail = 'seeded: connection refused'")).ToUniversalTime();
        await Expect(_page.GetByRole(AriaRole.Row).Filter(new() { HasText = "seeded: connection refused" }))
            .ToContainTextAsync(seeded.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        await ScreenshotAsync("receiver");
        AssertNoScriptOrPolicyErrors();
    }

    [Test]
    public async Task Read_only_key_Should_be_refused_and_told_why()
    {
        await UseKeyAsync(ReadKey);

        await _page.GotoAsync("/#/acquisitions/new");
        await Expect(_page.Locator("#pick-map")).ToHaveAttributeAsync("data-drawn", "true");
        await _page.GetByLabel("Frequency (MHz)").FillAsync("145.5");
        await _page.GetByLabel("Duration (s)").FillAsync("0.5");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Submit acquisition" }).ClickAsync();

        var refusal = _page.Locator("#submit-outcome .error");
        await Expect(refusal).ToHaveAttributeAsync("data-status", "403");
        await Expect(refusal).ToHaveAttributeAsync("data-reason", "read-only-key");
        await Expect(refusal).ToContainTextAsync("This API key is read-only");
        await ScreenshotAsync("read-only-refused");

        // The 403 above is the API's answer: by then nothing was recorded for the read-only caller.
        Assert.That(await Pipeline.Stack.Database.ScalarAsync<long>("select count(*) from acquisition_requests where requested_by = 'viewer'"), Is.Zero);
        AssertNoScriptOrPolicyErrors();
    }

    [Test]
    public async Task Acquisition_submitted_through_the_form_Should_complete_and_its_page_show_every_recordings_spectrum()
    {
        var enabled = (await Pipeline.Stack.Database.ScalarAsync<string>("select string_agg(receiver_id::text, ',' order by receiver_id) from receivers where enabled"))!
            .Split(',').Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToList();
        await UseKeyAsync(WriteKey);

        await _page.GotoAsync("/#/acquisitions/new");
        await Expect(_page.Locator("#pick-map")).ToHaveAttributeAsync("data-drawn", "true");
        await _page.GetByLabel("Frequency (MHz)").FillAsync("145.5");
        await _page.GetByLabel("Duration (s)").FillAsync("0.5");

        // Every receiver picked on the map (a click on its marker ticks its box in the list).
        foreach (var id in enabled)
        {
            await _page.Locator($"path.receiver-{id}").DispatchEventAsync("click");
            await Expect(_page.Locator($"#pick-{id}")).ToBeCheckedAsync();
        }

        await _page.GetByRole(AriaRole.Button, new() { Name = "Submit acquisition" }).ClickAsync();
        await _page.WaitForURLAsync(AcquisitionPage());
        var id0 = Guid.Parse(AcquisitionPage().Match(_page.Url).Groups["id"].Value);
        var completed = await Pipeline.CompletedAsync(id0, Slow);
        var stored = completed.Get<int>("receiversStored");
        Assert.That(stored, Is.EqualTo(enabled.Count), "every picked receiver stored its recording");

        var main = _page.Locator("main");
        await Expect(main).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(_page.Locator("figure.spectrum canvas.psd[data-drawn='true']")).ToHaveCountAsync(stored);
        await Expect(_page.Locator("table.outcomes tbody tr")).ToHaveCountAsync(enabled.Count);
        await Expect(_page.GetByRole(AriaRole.Link, new() { Name = "SigMF data" })).ToHaveCountAsync(stored);
        await Expect(_page.Locator("#location-section")).ToHaveAttributeAsync("data-located", new Regex("^(true|false)$"), new() { Timeout = 30_000 });

        // A recording downloaded through its link (reads are closed: the page fetches it with the key) is the archived object.
        var download = await _page.RunAndWaitForDownloadAsync(() => _page.Locator("table.outcomes tbody tr").Filter(new() { Has = _page.GetByRole(AriaRole.Link, new() { Name = $"({enabled[0]})" }) })
            .GetByRole(AriaRole.Link, new() { Name = "SigMF meta" }).ClickAsync());
        var saved = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var archived = await Pipeline.Stack.CreateObjectStore().GetAsync(Pipeline.Stack.Bucket, $"acquisitions/{id0}/{enabled[0]}.sigmf-meta", CancellationToken.None);
        Assert.That(saved, Is.EqualTo(archived), "the downloaded metadata, byte for byte");

        // The zoom of a spectrum stays when the page is drawn again (leaving it and coming back).
        var first = _page.Locator("figure.spectrum").First;
        await first.Locator("canvas.psd").FocusAsync();
        await _page.Keyboard.PressAsync("+");
        await _page.Keyboard.PressAsync("ArrowRight");
        var zoomed = await first.Locator(".zoom-range").TextContentAsync();
        await ScreenshotAsync("acquisition");
        await _page.GotoAsync("/#/acquisitions");
        await Expect(_page.Locator("table.acquisitions tbody tr").Filter(new() { HasText = id0.ToString()[..8] })).ToContainTextAsync("completed");
        await ScreenshotAsync("acquisitions");
        await _page.GoBackAsync();
        await Expect(_page.Locator("figure.spectrum canvas.psd[data-drawn='true']")).ToHaveCountAsync(stored);
        await Expect(_page.Locator("figure.spectrum").First.Locator(".zoom-range")).ToHaveTextAsync(zoomed!);
        AssertNoScriptOrPolicyErrors();
    }

    [GeneratedRegex(@"#/acquisitions/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex AcquisitionPage();
}
