using NUnit.Framework;

namespace Heimdall.Testing;

/// <summary>
/// The end-to-end fixture: the three services as real processes on a fresh stack (vhost, database, bucket), driven from
/// outside the way an upstream system or an operator would, through the RabbitMQ management HTTP API, and observed the
/// same way: a durable queue of its own bound to each event it listens to (<c>observe-{Event}</c>). Disposing stops the
/// services and drops the stack.
/// </summary>
public sealed class PipelineProcesses : IAsyncDisposable
{
    public const string RequestExchange = "Heimdall.Contracts:AcquisitionRequested";
    public static readonly string[] ServiceNames = ["Heimdall.MetricsWriter", "Heimdall.IqArchiver", "Heimdall.Acquirer"];
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ServiceProcess> _services = [];
    private readonly Dictionary<string, List<JsonMessage>> _seen = [];

    private PipelineProcesses(TestStack stack)
    {
        Stack = stack;
        Rabbit = new RabbitMqManagement(stack.Endpoints);
    }

    public TestStack Stack { get; }
    public RabbitMqManagement Rabbit { get; }
    public IReadOnlyList<ServiceProcess> Services => _services;

    /// <summary>
    /// Binds an observer to each of <paramref name="observed"/> (event type names: <c>AcquisitionCompleted</c>, …), runs
    /// <paramref name="prepare"/> on the fresh stack (rows to seed, forwarders to put in between), then starts the
    /// services, each with the stack's settings (warnings and errors logged) changed by <paramref name="configure"/>.
    /// </summary>
    public static async Task<PipelineProcesses> StartAsync(
        IEnumerable<string> observed,
        Func<TestStack, Task>? prepare = null,
        Action<string, Dictionary<string, string?>>? configure = null)
    {
        var pipeline = new PipelineProcesses(await TestStack.CreateAsync(withVirtualHost: true));
        try
        {
            foreach (var eventName in observed)
            {
                await pipeline.Rabbit.BindObserverAsync(pipeline.Stack.VirtualHost, ObserverQueue(eventName), "Heimdall.Contracts:" + eventName);
                pipeline._seen[eventName] = [];
            }

            if (prepare is not null)
            {
                await prepare(pipeline.Stack);
            }

            foreach (var service in ServiceNames)
            {
                var settings = pipeline.Stack.Settings;
                settings["Logging:LogLevel:Default"] = "Warning";
                configure?.Invoke(service, settings);
                pipeline._services.Add(await ServiceProcess.StartAsync(service, settings));
            }

            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    public static string ObserverQueue(string eventName) => "observe-" + eventName;

    public ServiceProcess Service(string name) => _services.Single(s => s.Service == name);

    /// <summary>Publishes a request as raw JSON (or as <paramref name="contentType"/> says) and asserts the Acquirer's queue got it.</summary>
    public async Task PublishRequestAsync(string payload, string? contentType = "application/json") =>
        Assert.That(await Rabbit.PublishAsync(Stack.VirtualHost, RequestExchange, payload, contentType), Is.True,
            "the request exchange routes to the Acquirer's queue");

    /// <summary>Every <paramref name="eventName"/> observed so far, the ones waiting in its queue taken first.</summary>
    public async Task<IReadOnlyList<JsonMessage>> SeenAsync(string eventName)
    {
        var seen = _seen[eventName];
        seen.AddRange(await Rabbit.TakeAsync(Stack.VirtualHost, ObserverQueue(eventName)));
        return seen;
    }

    /// <summary>The first <paramref name="eventName"/> that <paramref name="match"/> accepts; fails naming it after <paramref name="timeout"/> (60 s).</summary>
    public async Task<JsonMessage> AwaitAsync(string eventName, Func<JsonMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if ((await SeenAsync(eventName)).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"no {what} on {ObserverQueue(eventName)}");
            await Task.Delay(100);
        }
    }

    /// <summary>The <paramref name="eventName"/> of acquisition <paramref name="acquisitionId"/>.</summary>
    public Task<JsonMessage> AwaitAsync(string eventName, Guid acquisitionId, TimeSpan? timeout = null) =>
        AwaitAsync(eventName, m => m.Get<string>("acquisitionId") == acquisitionId.ToString(), $"{eventName} for {acquisitionId}", timeout);

    public Task<JsonMessage> CompletedAsync(Guid acquisitionId, TimeSpan? timeout = null) => AwaitAsync("AcquisitionCompleted", acquisitionId, timeout);

    /// <summary>For a TearDown: each service's output, when the test failed.</summary>
    public void WriteOutputsIfTestFailed() => ServiceProcess.WriteOutputsIfTestFailed(_services);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        Rabbit.Dispose();
        await Stack.DisposeAsync();
    }
}
