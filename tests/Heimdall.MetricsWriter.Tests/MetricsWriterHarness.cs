using Heimdall.Contracts;
using Heimdall.Testing;
using MassTransit;
using MassTransit.Testing;

namespace Heimdall.MetricsWriter.Tests;

/// <summary>
/// The MetricsWriter's consumers on the test harness, with a fresh database on the real PostgreSQL: batches written
/// within 50 ms, and the completion sweep left to the test (it runs when a test calls it) unless a setting says otherwise.
/// </summary>
public sealed class MetricsWriterHarness : IAsyncDisposable
{
    private MetricsWriterHarness(TestStack stack, HarnessHost host)
    {
        Stack = stack;
        Host = host;
    }

    public TestStack Stack { get; }
    public HarnessHost Host { get; }
    public ITestHarness Harness => Host.Harness;

    public static async Task<MetricsWriterHarness> StartAsync(params (string Key, string Value)[] overrides)
    {
        var stack = await TestStack.CreateAsync();
        var settings = stack.Settings;
        settings["MetricsWriter:BatchTimeLimitMs"] = "50";
        settings["MetricsWriter:DeadlineCheckIntervalSeconds"] = "3600";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new MetricsWriterHarness(stack, await HarnessHost.StartAsync(settings, b => b.AddMetricsWriterComponents(), MetricsWriterRegistration.AddConsumers));
    }

    /// <summary>Every AcquisitionCompleted of the acquisition published so far, with its context (MessageId).</summary>
    public List<IPublishedMessage<AcquisitionCompleted>> Completions(Guid acquisitionId) =>
        [.. Harness.Published.Select<AcquisitionCompleted>(x => x.Context.Message.AcquisitionId == acquisitionId)];

    public List<AcquisitionCompleted> Completed(Guid acquisitionId) => [.. Completions(acquisitionId).Select(c => c.Context.Message)];

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stack.DisposeAsync();
    }
}
