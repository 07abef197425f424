using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Heimdall.Testing;
using Microsoft.Playwright;

namespace Heimdall.Console.Tests;

/// <summary>
/// On demand (explicit): the console's costs on this machine. Two acquisitions on the simulated network (1 s and 30 s, seven
/// receivers each); then, in headless chromium, 20 cold loads (a fresh browser context: empty cache) and 20 warm loads
/// (the same context again) of the network page until the map and every marker are drawn, and of the 1 s acquisition's
/// page until its seven spectra are drawn, with the bytes each load transferred (bodies and headers, as received); and the
/// spectrum endpoint's time for each recording, the first ask (computed from S3) and the median of five cached asks.
/// <code>dotnet test tests/Heimdall.Console.Tests -c Release --no-build --filter "FullyQualifiedName~ConsoleBenchmark"</code>
/// (under the stack's lock); the figures go to the test output and <c>console-benchmark.txt</c>, attached.
/// </summary>
[TestFixture]
[Explicit("A benchmark, run on demand")]
[Category("Benchmark")]
[NonParallelizable]
public sealed class ConsoleBenchmark
{
    private const int Loads = 20;
    private ConsoleStack _console = null!;

    [OneTimeSetUp]
    public async Task Start() => _console = await ConsoleStack.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }
    }

    [Test]
    public async Task Measure_page_loads_bytes_and_spectrum_times()
    {
        using var http = new HttpClient { BaseAddress = _console.Api.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ConsoleStack.WriteKey);
        var short1 = await AcquireAsync(http, 1);
        var long30 = await AcquireAsync(http, 30);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Console benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, chromium {_console.Browser.Browser.Version}");

        foreach (var (label, id, seconds) in new[] { ("1 s", short1, 1), ("30 s", long30, 30) })
        {
            var first = new List<double>();
            var cached = new List<double>();
            long bytes = 0;
            foreach (var receiverId in Enumerable.Range(1, 7))
            {
                var path = $"/api/acquisitions/{id}/recordings/{receiverId}/spectrum";
                var watch = Stopwatch.StartNew();
                using (var response = await http.GetAsync(path))
                {
                    Assert.That(response.IsSuccessStatusCode, Is.True, $"{path}: {response.StatusCode}");
                    bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
                }

                first.Add(watch.Elapsed.TotalMilliseconds);
                for (var i = 0; i < 5; i++)
                {
                    watch.Restart();
                    using var again = await http.GetAsync(path);
                    await again.Content.ReadAsByteArrayAsync();
                    cached.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            report.AppendLine(CultureInfo.InvariantCulture,
                $"spectrum endpoint, {label} recording ({seconds * 12_000} samples, 512 bins, 100 rows): first ask median {Median(first):0.0} ms (min {first.Min():0.0}, max {first.Max():0.0}, 7 recordings); cached median {Median(cached):0.0} ms; answer {bytes} bytes uncompressed");
        }

        await MeasurePageAsync(report, "network page (map and 7 markers drawn)", "/#/",
            page => Assertions.Expect(page.Locator("path.receiver-marker")).ToHaveCountAsync(7, new() { Timeout = 30_000 }),
            page => Assertions.Expect(page.Locator("#network-map")).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = 30_000 }));
        await MeasurePageAsync(report, "acquisition page (7 recordings: 7 spectra drawn)", $"/#/acquisitions/{short1}",
            page => Assertions.Expect(page.Locator("figure.spectrum canvas.psd[data-drawn='true']")).ToHaveCountAsync(7, new() { Timeout = 30_000 }));

        var text = report.ToString();
        TestContext.Out.WriteLine(text);
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-benchmark.txt");
        await File.WriteAllTextAsync(file, text);
        TestContext.AddTestAttachment(file, "the console's measurements");
    }

    private async Task<Guid> AcquireAsync(HttpClient http, double durationSeconds)
    {
        using var response = await http.PostAsJsonAsync("/api/acquisitions", new { frequencyHz = 145_500_000, durationSeconds });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var id = Guid.Parse(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["acquisitionId"]!.GetValue<string>());
        var completed = await _console.Pipeline.CompletedAsync(id, TimeSpan.FromSeconds(durationSeconds + 90));
        Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(7), "seven recordings");
        return id;
    }

    private async Task MeasurePageAsync(StringBuilder report, string label, string path, params Func<IPage, Task>[] drawn)
    {
        foreach (var cold in new[] { true, false })
        {
            var times = new List<double>();
            var transferred = new List<double>();
            var requests = 0;
            IBrowserContext? context = null;
            try
            {
                for (var i = 0; i < Loads; i++)
                {
                    if (cold || context is null)
                    {
                        if (context is not null)
                        {
                            await context.DisposeAsync();
                        }

                        context = await _console.Browser.Browser.NewContextAsync(new() { BaseURL = _console.Api.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
                        await context.AddInitScriptAsync($"sessionStorage.setItem('heimdall.apiKey', '{ConsoleStack.ReadKey}');");
                        if (!cold)
                        {
                            // The warm series starts from a context that has loaded the page once.
                            var warmUp = await context.NewPageAsync();
                            await warmUp.GotoAsync(path);
                            foreach (var wait in drawn)
                            {
                                await wait(warmUp);
                            }

                            await warmUp.CloseAsync();
                        }
                    }

                    var page = await context.NewPageAsync();
                    var responses = new List<IResponse>();
                    page.Response += (_, r) => responses.Add(r);
                    var watch = Stopwatch.StartNew();
                    await page.GotoAsync(path);
                    foreach (var wait in drawn)
                    {
                        await wait(page);
                    }

                    times.Add(watch.Elapsed.TotalMilliseconds);
                    long bytes = 0;
                    foreach (var response in responses.ToList())
                    {
                        var sizes = await response.Request.SizesAsync();
                        bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
                    }

                    transferred.Add(bytes);
                    requests = responses.Count;
                    await page.CloseAsync();
                }
            }
            finally
            {
                if (context is not null)
                {
                    await context.DisposeAsync();
                }
            }

            report.AppendLine(CultureInfo.InvariantCulture,
                $"{label}, {(cold ? "cold cache" : "warm cache")}: median {Median(times):0} ms to drawn (min {times.Min():0}, max {times.Max():0}, {Loads} loads); " +
                $"{Median(transferred) / 1024:0.0} KiB transferred in {requests} responses (median)");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return Percentiles.Of(sorted, 0.5);
    }
}
