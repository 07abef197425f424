using Heimdall.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heimdall.Testing;

/// <summary>
/// A service's real components (database, object store, options) with its consumers on the MassTransit test harness
/// (in-memory transport, same serialization and claim checks as production).
/// </summary>
public sealed class HarnessHost : IAsyncDisposable
{
    private readonly IHost _host;

    private HarnessHost(IHost host)
    {
        _host = host;
        Harness = host.Services.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }
    public IServiceProvider Services => _host.Services;

    public static async Task<HarnessHost> StartAsync(
        IDictionary<string, string?> settings,
        Func<IHostApplicationBuilder, IHostApplicationBuilder> addComponents,
        Action<IBusRegistrationConfigurator> addConsumers,
        TimeSpan? testTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (Environment.GetEnvironmentVariable("HEIMDALL_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        addComponents(builder);
        builder.Services.AddMassTransitTestHarness(x =>
        {
            BusRegistration.ConfigureEndpointDefaults(x);
            addConsumers(x);
            x.UsingInMemory((context, cfg) =>
            {
                BusRegistration.ConfigureMessages(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<TestHarnessOptions>(o =>
        {
            o.TestTimeout = testTimeout ?? TimeSpan.FromSeconds(30);
            if (testTimeout is { } timeout && timeout < o.TestInactivityTimeout)
            {
                o.TestInactivityTimeout = timeout;
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new HarnessHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
