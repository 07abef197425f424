using Heimdall.Contracts;
using Heimdall.Storage;
using Heimdall.Testing;
using MassTransit.Testing;

namespace Heimdall.Locator.Tests;

/// <summary>
/// The Locator on the test harness against the real PostgreSQL (a fresh migrated database) and S3, with the object
/// store its recordings are archived in, and a way to hand it an acquisition's completion and wait for its answer.
/// </summary>
public sealed class LocatorHost : IAsyncDisposable
{
    private LocatorHost(TestStack stack, HarnessHost host)
    {
        Stack = stack;
        Host = host;
        Store = stack.CreateObjectStore();
    }

    public TestStack Stack { get; }
    public HarnessHost Host { get; }
    public ObjectStore Store { get; }

    public static async Task<LocatorHost> StartAsync()
    {
        var stack = await TestStack.CreateAsync();
        var host = await HarnessHost.StartAsync(stack.Settings, b => b.AddLocatorComponents(), LocatorRegistration.AddConsumers, TimeSpan.FromSeconds(60));
        return new LocatorHost(stack, host);
    }

    /// <summary>
    /// Publishes the completion and waits for the Locator's event for it, then for the end of its consume (the
    /// consumer counts its metrics after it publishes): the positive end of processing.
    /// </summary>
    public async Task<LocationEstimated> LocateAsync(AcquisitionCompleted completed)
    {
        var id = completed.AcquisitionId;
        var estimatedBefore = Estimated(id).Count;
        var consumedBefore = Consumed(id);
        await Host.Harness.Bus.Publish(completed);
        await Eventually.True(() => Estimated(id).Count > estimatedBefore || Faulted(id), "the Locator to publish LocationEstimated", TimeSpan.FromSeconds(60));
        Assert.That(Faulted(id), Is.False, "the Locator faulted");
        await Eventually.True(() => Consumed(id) > consumedBefore, "the Locator to finish consuming AcquisitionCompleted", TimeSpan.FromSeconds(60));
        return Estimated(id)[^1];
    }

    public List<LocationEstimated> Estimated(Guid id) =>
        [.. Host.Harness.Published.Select<LocationEstimated>(x => x.Context.Message.AcquisitionId == id).Select(x => x.Context.Message)];

    private int Consumed(Guid id) => Host.Harness.Consumed.Select<AcquisitionCompleted>(x => x.Context.Message.AcquisitionId == id).Count();

    private bool Faulted(Guid id) => Host.Harness.Published.Select<MassTransit.Fault<AcquisitionCompleted>>(x => x.Context.Message.Message.AcquisitionId == id).Any();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stack.DisposeAsync();
        Store.Dispose();
    }
}
