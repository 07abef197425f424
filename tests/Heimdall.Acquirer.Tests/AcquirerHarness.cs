using Heimdall.Acquirer;
using Heimdall.Acquirer.Consumers;
using Heimdall.Contracts;
using Heimdall.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.Acquirer.Tests;

/// <summary>The Acquirer's consumer on the test harness, with a fresh database and bucket on the real services.</summary>
public sealed class AcquirerHarness : IAsyncDisposable
{
    private AcquirerHarness(TestStack stack, HarnessHost host)
    {
        Stack = stack;
        Host = host;
    }

    public TestStack Stack { get; }
    public HarnessHost Host { get; }
    public ITestHarness Harness => Host.Harness;

    public static Task<AcquirerHarness> StartAsync(params (string Key, string Value)[] overrides) => StartAsync(null, overrides);

    public static async Task<AcquirerHarness> StartAsync(TimeSpan? testTimeout, params (string Key, string Value)[] overrides)
    {
        var stack = await TestStack.CreateAsync();
        // A disabled station, so the 'disabled receiver' rule can be exercised without touching the reference network.
        await stack.Database.ExecuteAsync("""
            insert into receivers (receiver_id, name, kind, url, latitude, longitude, min_frequency_hz, max_frequency_hz, sample_rate_hz, enabled)
            values (8, 'Disabled station', 'simulated', 'sim://disabled', 45.0, 8.0, 144e6, 146e6, 12000, false)
            """);
        var settings = stack.Settings;
        settings["Simulation:RealTime"] = "false";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var host = await HarnessHost.StartAsync(settings, b => b.AddAcquirerComponents(), AcquirerRegistration.AddConsumers, testTimeout);
        return new AcquirerHarness(stack, host);
    }

    /// <summary>Publishes the request and waits until the consumer has finished with it once more (or faulted).</summary>
    public async Task PublishAndWaitAsync(AcquisitionRequested request)
    {
        var consumer = Host.Services.GetRequiredService<IConsumerTestHarness<AcquisitionRequestedConsumer>>();
        var before = Consumed(consumer, request.AcquisitionId);
        await Harness.Bus.Publish(request);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Consumed(consumer, request.AcquisitionId) == before)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the consumer did not finish with the request within 30 s");
            await Task.Delay(20);
        }
    }

    private static int Consumed(IConsumerTestHarness<AcquisitionRequestedConsumer> consumer, Guid acquisitionId) =>
        consumer.Consumed.Select<AcquisitionRequested>(x => x.Context.Message.AcquisitionId == acquisitionId, NoWait).Count();

    /// <summary>What has been published so far (callers wait for the consumer first, or poll with Eventually).</summary>
    public List<T> Published<T>(Guid acquisitionId, Func<T, Guid> id)
        where T : class =>
        Harness.Published.Select<T>(x => id(x.Context.Message) == acquisitionId, NoWait).Select(x => x.Context.Message).ToList();

    /// <summary>
    /// Already cancelled: the harness's lists then return what they hold now. Without it, enumerating them to the end
    /// waits for more until the bus is inactive or the test timeout passes, which a consumer waiting out an outage
    /// never lets happen (one outage spec took 80 s for 20 s of work).
    /// </summary>
    private static readonly CancellationToken NoWait = new(canceled: true);

    public static AcquisitionRequested Valid(Action<AcquisitionRequestedBuilder>? change = null)
    {
        var builder = new AcquisitionRequestedBuilder();
        change?.Invoke(builder);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stack.DisposeAsync();
    }
}

/// <summary>A valid request (145.5 MHz, 0.5 s, every receiver) to vary one field at a time.</summary>
public sealed class AcquisitionRequestedBuilder
{
    public Guid AcquisitionId { get; set; } = Guid.NewGuid();
    public double FrequencyHz { get; set; } = 145_500_000;
    public double DurationSeconds { get; set; } = 0.5;
    public double? SampleRateHz { get; set; }
    public DateTimeOffset? StartAtUtc { get; set; }
    public int[]? ReceiverIds { get; set; }
    public string? RequestedBy { get; set; } = "tests";

    public AcquisitionRequested Build() => new()
    {
        AcquisitionId = AcquisitionId,
        FrequencyHz = FrequencyHz,
        DurationSeconds = DurationSeconds,
        SampleRateHz = SampleRateHz,
        StartAtUtc = StartAtUtc,
        ReceiverIds = ReceiverIds,
        RequestedBy = RequestedBy,
    };
}
