using Microsoft.Playwright;

namespace Heimdall.Console.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (by its executable path: nothing is downloaded), one browser for the fixture
/// and a fresh context (cookies, sessionStorage) per test; what the page logs as an error is collected, so a test can
/// assert that no script failed and no Content-Security-Policy violation happened.
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    /// <summary>HEIMDALL_CHROMIUM, or Debian's package's path.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("HEIMDALL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"No chromium at {ExecutablePath}: apt-get install chromium (./heimdall test installs it), or set HEIMDALL_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new ConsoleBrowser(playwright, browser);
    }

    /// <summary>A page in a fresh context on <paramref name="baseAddress"/>; <paramref name="errors"/> gets what it logs as errors.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(Uri baseAddress, List<string> errors)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            TimezoneId = "Europe/Berlin",
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A refused request (the 403 a read-only key gets, the 404 of a location not estimated) is logged as
            // "Failed to load resource": the page shows those itself; anything else is a script error or a CSP violation.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
