using System.Security.Cryptography;
using Heimdall.Contracts;
using Heimdall.Testing;
using MassTransit;

namespace Heimdall.Acquirer.Tests;

[TestFixture]
[NonParallelizable]
public sealed class When_the_object_store_is_away_while_a_large_capture_is_published
{
    [Test]
    public async Task Should_hold_the_samples_and_publish_the_claim_check_once_it_is_back_without_reporting_the_receiver_failed()
    {
        var endpoints = await TestEndpoints.GetAsync();
        await using var s3 = TcpForwarder.Start(endpoints.S3.Host, endpoints.S3.Port);
        await using var acquirer = await AcquirerHarness.StartAsync(TimeSpan.FromSeconds(60),
            ("S3:Endpoint", $"127.0.0.1:{s3.Port}"), ("Acquirer:HoldCaptureSeconds", "120"));
        var request = AcquirerHarness.Valid(b =>
        {
            b.ReceiverIds = [3];
            b.DurationSeconds = 6; // 288 000 bytes: a claim check
        });

        using var waits = new CounterTotal("heimdall.outages.waits");
        s3.Pause();
        await acquirer.Harness.Bus.Publish(request);
        // The capture is taken and its publication has failed once already, beyond the object store's own retry (about
        // 6 s): the samples are being held. Twice, so that the first wait is over and nothing went out after it either.
        await Eventually.True(() => waits.Value >= 2, "the capture to be held while S3 is away, twice", TimeSpan.FromSeconds(40));
        Assert.That(acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty, "nothing is published while S3 is away");
        Assert.That(acquirer.Published<ReceiverCaptureFailed>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty, "nor is the receiver reported failed");
        s3.Resume();

        await Eventually.True(() => acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Count == 1,
            "the capture published once S3 is back", TimeSpan.FromSeconds(40));
        Assert.That(acquirer.Published<ReceiverCaptureFailed>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
        Assert.That(acquirer.Published<Fault<AcquisitionRequested>>(request.AcquisitionId, m => m.Message.AcquisitionId), Is.Empty);
        var capture = acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Single();
        var stored = await acquirer.Stack.CreateObjectStore().GetAsync(acquirer.Stack.Bucket, capture.Iq.Address!.AbsolutePath[1..], CancellationToken.None);
        Assert.That(Convert.ToHexStringLower(SHA512.HashData(stored!)), Is.EqualTo(capture.IqSha512));
        Assert.That(await acquirer.Stack.Database.ScalarAsync<string>($"select outcome from acquisition_captures where acquisition_id = '{request.AcquisitionId}'"),
            Is.EqualTo("captured"));
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_a_capture_is_resumed
{
    [Test]
    public async Task Should_capture_only_the_receivers_whose_outcome_was_not_published_yet()
    {
        await using var acquirer = await AcquirerHarness.StartAsync();
        var request = AcquirerHarness.Valid(b => b.ReceiverIds = [1, 2, 3]);
        // As a consumer that died after publishing receivers 1 and 2 left it.
        await acquirer.Stack.Database.ExecuteAsync($"""
            insert into acquisition_claims (acquisition_id, status, claimed_at) values ('{request.AcquisitionId}', 'accepted', now() - interval '1 minute');
            insert into acquisition_captures (acquisition_id, receiver_id, outcome, iq_sha512)
            values ('{request.AcquisitionId}', 1, 'captured', 'aa'), ('{request.AcquisitionId}', 2, 'failed', null);
            """);

        await acquirer.PublishAndWaitAsync(request);

        Assert.That(acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Select(c => c.ReceiverId), Is.EqualTo(new[] { 3 }));
        Assert.That(acquirer.Published<ReceiverCaptureFailed>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
        Assert.That(await acquirer.Stack.Database.ScalarAsync<string>(
                $"select string_agg(receiver_id || ':' || outcome, ',' order by receiver_id) from acquisition_captures where acquisition_id = '{request.AcquisitionId}'"),
            Is.EqualTo("1:captured,2:failed,3:captured"));
        var started = acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId).Single();
        Assert.That(started.ReceiverIds, Is.EqualTo(new[] { 1, 2, 3 }), "the plan announced again keeps its three receivers");
        Assert.That(started.RequestedAtUtc, Is.LessThan(started.StartAtUtc - TimeSpan.FromSeconds(30)), "requested when it was first claimed, not now");
        Assert.That(started.OutcomesDueAtUtc, Is.GreaterThan(started.StartAtUtc), "its outcomes due after the resumed start");
        Assert.That(acquirer.Published<AcquisitionCaptured>(request.AcquisitionId, m => m.AcquisitionId), Has.Count.EqualTo(1));
        Assert.That(await acquirer.Stack.Database.ScalarAsync<bool>(
                $"select captured_at is not null from acquisition_claims where acquisition_id = '{request.AcquisitionId}'"), Is.True, "the capture is marked done");
    }
}
