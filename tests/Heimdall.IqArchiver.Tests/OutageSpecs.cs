using Heimdall.Contracts;
using Heimdall.Testing;
using MassTransit;
using MassTransit.Testing;

namespace Heimdall.IqArchiver.Tests;

[TestFixture]
[NonParallelizable]
public sealed class When_the_object_store_is_away
{
    [Test]
    public async Task Should_put_the_capture_back_on_its_queue_and_archive_it_once_the_store_is_back_without_a_fault()
    {
        using var requeued = new CounterTotal("heimdall.messages.requeued");
        await using var stack = await TestStack.CreateAsync();
        await using var s3 = TcpForwarder.Start(stack.Endpoints.S3.Host, stack.Endpoints.S3.Port);
        var settings = stack.Settings;
        settings["S3:Endpoint"] = $"127.0.0.1:{s3.Port}";
        settings["Messaging:OutageRequeueDelaySeconds"] = "0.5";
        await using var host = await HarnessHost.StartAsync(settings, b => b.AddIqArchiverComponents(), IqArchiverRegistration.AddConsumers, TimeSpan.FromSeconds(60));
        var id = Guid.NewGuid();
        var iq = Captures.Iq(5);

        // As the Acquirer sends it: the 24 000 bytes inline, nothing in the object store.
        MessageDataDefaults.Threshold = 256 * 1024;
        s3.Pause();
        await host.Harness.Bus.Publish(Captures.IqCaptured(id, 5, iq));
        await Eventually.True(() => requeued.Value >= 2, "the capture to go back on its queue twice", TimeSpan.FromSeconds(40));
        s3.Resume();

        await Eventually.True(() => host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id).Count() == 1,
            "IqArchived once the store is back", TimeSpan.FromSeconds(40));
        Assert.That(host.Harness.Published.Select<Fault<IqCaptured>>(x => x.Context.Message.Message.AcquisitionId == id).Count(), Is.Zero);
        Assert.That(await stack.CreateObjectStore().GetAsync(stack.Bucket, ArchiveKeys.Data(id, 5), CancellationToken.None), Is.EqualTo(iq));
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_a_second_different_capture_of_a_receiver_arrives
{
    [Test]
    public async Task Should_keep_the_first_recording_and_publish_nothing_for_the_second()
    {
        await using var stack = await TestStack.CreateAsync();
        await using var host = await HarnessHost.StartAsync(stack.Settings, b => b.AddIqArchiverComponents(), IqArchiverRegistration.AddConsumers);
        var id = Guid.NewGuid();
        var first = Captures.IqCaptured(id, 6, Captures.Iq(6));
        var secondIq = Captures.Iq(7);
        var second = Captures.IqCaptured(id, 6, secondIq) with { CaptureStartUtc = first.CaptureStartUtc.AddSeconds(3) };

        await host.Harness.Bus.Publish(first);
        await Eventually.True(() => host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id).Count() == 1, "the first archived");
        var meta = await stack.CreateObjectStore().GetAsync(stack.Bucket, ArchiveKeys.Meta(id, 6), CancellationToken.None);
        await host.Harness.Bus.Publish(second);
        await Eventually.True(() => host.Harness.Consumed.Select<IqCaptured>(x => x.Context.Message.AcquisitionId == id).Count() == 2, "the second consumed");

        var archived = host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id).Select(x => x.Context.Message).ToList();
        Assert.That(archived.Select(a => a.IqSha512), Is.EqualTo(new[] { first.IqSha512 }));
        var store = stack.CreateObjectStore();
        Assert.That(await store.GetAsync(stack.Bucket, ArchiveKeys.Meta(id, 6), CancellationToken.None), Is.EqualTo(meta));
        Assert.That(await store.GetAsync(stack.Bucket, ArchiveKeys.Data(id, 6), CancellationToken.None), Is.EqualTo(await first.Iq.Value));
        Assert.That(host.Harness.Published.Select<Fault<IqCaptured>>(x => x.Context.Message.Message.AcquisitionId == id).Count(), Is.Zero);
    }
}
