using Heimdall.Contracts;
using Heimdall.MetricsWriter.Lifecycle;
using Heimdall.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.MetricsWriter.Tests;

/// <summary>
/// The acquisition's owner learns everything from messages, in whatever order they come, and publishes each completion
/// after its commit, from the outbox.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_the_owner_hears_of_an_acquisition
{
    private MetricsWriterHarness _writer = null!;

    [OneTimeSetUp]
    public async Task Start() => _writer = await MetricsWriterHarness.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _writer.DisposeAsync();

    private List<IPublishedMessage<AcquisitionCompleted>> Completed(Guid id) => _writer.Completions(id);

    private Task<string?> RowAsync(Guid id, string columns) =>
        _writer.Stack.Database.ScalarAsync<string>($"select {columns} from acquisitions where acquisition_id = '{id}'");

    private Task ConsumedAsync<T>(Func<T, bool> which, string description)
        where T : class =>
        Eventually.True(() => _writer.Harness.Consumed.Select<T>(x => which(x.Context.Message)).Any(), description);

    [Test]
    public async Task Should_record_the_start_with_its_plan_and_the_deadline_its_outcomes_are_due_plus_the_grace()
    {
        var id = Guid.NewGuid();
        await _writer.Harness.Bus.Publish(Captures.Started(id, 2, 5) with
        {
            FrequencyHz = 435_000_000,
            SampleRateHz = 24_000,
            DurationSeconds = 2,
            StartAtUtc = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            RequestedAtUtc = new DateTimeOffset(2029, 12, 31, 23, 59, 0, TimeSpan.Zero),
            OutcomesDueAtUtc = new DateTimeOffset(2030, 1, 1, 0, 0, 40, TimeSpan.Zero),
            RequestedBy = "ops",
        });
        await ConsumedAsync<AcquisitionStarted>(m => m.AcquisitionId == id, "AcquisitionStarted consumed");

        Assert.That(await RowAsync(id, """
                status || '|' || receivers_expected || '|' || array_to_string(receiver_ids, ',') || '|' || frequency_hz || '|' || sample_rate_hz || '|'
                || duration_seconds || '|' || requested_by || '|' || to_char(requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '|'
                || to_char(start_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '|' || to_char(deadline_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                """),
            Is.EqualTo("capturing|2|2,5|435000000|24000|2|ops|2029-12-31T23:59:00|2030-01-01T00:00:00|2030-01-01T00:15:40"),
            "deadline = outcomes due (00:00:40) + MetricsWriter:CompletionGraceSeconds (900 s)");
    }

    [Test]
    public async Task Should_complete_an_acquisition_whose_outcomes_came_before_its_start_once_the_start_comes()
    {
        var id = Guid.NewGuid();
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await _writer.Harness.Bus.Publish(new ReceiverCaptureFailed { AcquisitionId = id, ReceiverId = 2, Reason = "down", Attempts = 3 });
        await Eventually.Get(() => _writer.Stack.Database.ScalarAsync<long>($"select count(*) from acquisition_receivers where acquisition_id = '{id}'"), n => n == 2, "both outcomes recorded");
        Assert.That(Completed(id), Is.Empty, "nothing to complete before the owner knows the receivers");

        await _writer.Harness.Bus.Publish(Captures.Started(id, 1, 2));

        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted once the start is heard");
        var completed = Completed(id).Single();
        Assert.That((completed.Context.Message.Status, completed.Context.Message.ReceiversStored, completed.Context.Message.ReceiversFailed), Is.EqualTo(("partial", 1, 1)));
        Assert.That(completed.Context.MessageId, Is.EqualTo(CompletionPublishing.MessageId(id)));
        Assert.That(await RowAsync(id, "status || '|' || receivers_stored || '|' || receivers_failed"), Is.EqualTo("partial|1|1"));
    }

    [Test]
    public async Task Should_record_a_rejection_with_the_requests_fields_and_reasons()
    {
        var id = Guid.NewGuid();
        await _writer.Harness.Bus.Publish(new AcquisitionRejected
        {
            AcquisitionId = id,
            Reasons = ["durationSeconds is required and must be > 0 and ≤ 300 (got 301).", "receiverIds: unknown receiver 99."],
            RequestedAtUtc = new DateTimeOffset(2026, 11, 28, 18, 30, 0, TimeSpan.Zero),
            FrequencyHz = 145_500_000,
            DurationSeconds = 301,
            RequestedBy = "ops",
        });
        await ConsumedAsync<AcquisitionRejected>(m => m.AcquisitionId == id, "AcquisitionRejected consumed");

        Assert.That(await RowAsync(id, """
                status || '|' || frequency_hz || '|' || duration_seconds || '|' || requested_by || '|'
                || to_char(requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '|' || array_to_string(reasons, ' / ')
                """),
            Is.EqualTo("rejected|145500000|301|ops|2026-11-28T18:30:00|durationSeconds is required and must be > 0 and ≤ 300 (got 301). / receiverIds: unknown receiver 99."));
        Assert.That(Completed(id), Is.Empty);
    }

    [Test]
    public async Task Should_take_captured_at_from_AcquisitionCaptured_whether_it_comes_before_or_after_the_start()
    {
        var (before, after) = (Guid.NewGuid(), Guid.NewGuid());
        var at = new DateTimeOffset(2026, 11, 28, 18, 30, 1, 250, TimeSpan.Zero);
        await _writer.Harness.Bus.Publish(new AcquisitionCaptured { AcquisitionId = before, CapturedAtUtc = at });
        await ConsumedAsync<AcquisitionCaptured>(m => m.AcquisitionId == before, "the early AcquisitionCaptured consumed");
        await _writer.Harness.Bus.Publish(Captures.Started(before, 1, 2, 3));
        await _writer.Harness.Bus.Publish(Captures.Started(after, 4));
        await ConsumedAsync<AcquisitionStarted>(m => m.AcquisitionId == before, "its start consumed");
        await ConsumedAsync<AcquisitionStarted>(m => m.AcquisitionId == after, "the other start consumed");
        await _writer.Harness.Bus.Publish(new AcquisitionCaptured { AcquisitionId = after, CapturedAtUtc = at });
        await ConsumedAsync<AcquisitionCaptured>(m => m.AcquisitionId == after, "the later AcquisitionCaptured consumed");

        const string Columns = "status || '|' || receivers_expected || '|' || requested_by || '|' || to_char(captured_at at time zone 'UTC', 'HH24:MI:SS.MS')";
        Assert.That(await RowAsync(before, Columns), Is.EqualTo("capturing|3|tests|18:30:01.250"));
        Assert.That(await RowAsync(after, Columns), Is.EqualTo("capturing|1|tests|18:30:01.250"));
    }

    [Test]
    public async Task Should_publish_a_completion_left_unpublished_again_from_the_outbox_with_the_same_MessageId_and_then_leave_it()
    {
        // As a MetricsWriter that died between the commit and the publication left it.
        var id = Guid.NewGuid();
        await _writer.Stack.Database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, completed_at, receivers_expected, receivers_stored, receivers_failed)
            values ('{id}', 'partial', now() - interval '2 minutes', now() - interval '1 minute', 3, 2, 1);
            insert into acquisition_completions (acquisition_id, status, receivers_stored, receivers_failed, stored_receiver_ids, failed_receiver_ids, elapsed_ms, completed_at)
            values ('{id}', 'partial', 2, 1, array[1, 3], array[2], 60000, now() - interval '1 minute');
            """);
        var sweep = _writer.Host.Services.GetRequiredService<CompletionSweep>();

        await sweep.SweepAsync(CancellationToken.None);
        await sweep.SweepAsync(CancellationToken.None);

        var published = Completed(id).Single();
        var completed = published.Context.Message;
        Assert.That(published.Context.MessageId, Is.EqualTo(CompletionPublishing.MessageId(id)));
        Assert.That((completed.Status, completed.ReceiversStored, completed.ReceiversFailed, completed.ElapsedMs), Is.EqualTo(("partial", 2, 1, 60_000L)));
        Assert.That(completed.StoredReceiverIds, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(completed.FailedReceiverIds, Is.EqualTo(new[] { 2 }));
        Assert.That(await _writer.Stack.Database.ScalarAsync<bool>($"select published_at is not null from acquisition_completions where acquisition_id = '{id}'"), Is.True);
    }

    [Test]
    public async Task Should_record_each_completion_in_the_outbox_and_mark_it_published()
    {
        var id = Guid.NewGuid();
        await _writer.Harness.Bus.Publish(Captures.Started(id, 1));
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1));

        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted");
        await Eventually.Get(() => _writer.Stack.Database.ScalarAsync<string>(
                $"select status || '|' || array_to_string(stored_receiver_ids, ',') || '|' || (published_at is not null) from acquisition_completions where acquisition_id = '{id}'"),
            r => r == "completed|1|true", "the outbox row marked published");
    }
}
