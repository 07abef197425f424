using System.Net.Http.Headers;
using Heimdall.Api.Security;
using Heimdall.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.Api.Tests;

/// <summary>
/// The API in process (WebApplicationFactory over the real Program) on a fresh database, bucket and RabbitMQ virtual
/// host, with a write key, a read-only key and a fixed clock.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string WriteKey = "test-write-key-0123456789";
    public const string ReadKey = "test-read-key-0123456789";

    private readonly WebApplicationFactory<Program> _factory;

    private ApiHost(TestStack stack, WebApplicationFactory<Program> factory, FixedClock clock)
    {
        Stack = stack;
        _factory = factory;
        Clock = clock;
    }

    public TestStack Stack { get; }

    /// <summary>Where a Kestrel host listens (http://127.0.0.1:port); null for the in-memory server.</summary>
    public Uri? Listening { get; private init; }
    internal FixedClock Clock { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// The API on a fresh stack; <paramref name="extra"/> adds or overrides settings (Api:Cors:…, Api:Headers:…). With
    /// <paramref name="kestrel"/> it listens on a real port of 127.0.0.1 (<see cref="Listening"/>), for other processes.
    /// </summary>
    public static async Task<ApiHost> StartAsync(
        DateTimeOffset now, bool anonymousReads = false, bool withVirtualHost = false, IReadOnlyDictionary<string, string>? extra = null,
        bool kestrel = false)
    {
        var stack = await TestStack.CreateAsync(withVirtualHost);
        var clock = new FixedClock(now);
        var settings = stack.Settings;
        settings["Api:Keys:tester"] = WriteKey;
        settings["Api:ReadKeys:viewer"] = ReadKey;
        settings["Api:AllowAnonymousReads"] = anonymousReads ? "true" : "false";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Test");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        if (!kestrel)
        {
            _ = factory.Server; // starts the host (bus included) now, not on the first request
            return new ApiHost(stack, factory, clock);
        }

        factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new ApiHost(stack, factory, clock) { Listening = new Uri(addresses.Single()) };
    }

    /// <summary>
    /// A client that sends <paramref name="key"/> (null: none) to http://127.0.0.1 (where the local API listens; the OpenAPI
    /// document's server is the host asked); redirects are not followed.
    /// </summary>
    public HttpClient Client(string? key = WriteKey)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = Listening ?? new Uri("http://127.0.0.1") });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyDefaults.Header, key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>The in-memory handler, for clients built elsewhere (the CLI).</summary>
    public HttpMessageHandler Handler() => _factory.Server.CreateHandler();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Stack.DisposeAsync();
    }
}
