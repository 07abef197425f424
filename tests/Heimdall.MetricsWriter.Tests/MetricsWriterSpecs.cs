using Heimdall.Contracts;
using Heimdall.MetricsWriter.Lifecycle;
using Heimdall.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.MetricsWriter.Tests;

[TestFixture]
[NonParallelizable]
public sealed class MetricsWriterSpecs
{
    private MetricsWriterHarness _writer = null!;

    [OneTimeSetUp]
    public async Task Start() => _writer = await MetricsWriterHarness.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _writer.DisposeAsync();

    /// <summary>As the Acquirer starts one: its AcquisitionStarted, which the outcomes may overtake.</summary>
    private async Task<Guid> StartAcquisitionAsync(int receivers)
    {
        var id = Guid.NewGuid();
        await _writer.Harness.Bus.Publish(Captures.Started(id, [.. Enumerable.Range(1, receivers)]));
        return id;
    }

    private List<AcquisitionCompleted> Completed(Guid id) => _writer.Completed(id);

    private Task<long> RowsAsync(Guid id) => _writer.Stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}'");

    private Task<long> WaitForOutcomesAsync(Guid id, int count) =>
        Eventually.Get(() => _writer.Stack.Database.ScalarAsync<long>($"select count(*) from acquisition_receivers where acquisition_id = '{id}'"),
            n => n == count, $"{count} receiver outcomes");

    [Test]
    public async Task When_every_receiver_is_archived_Should_store_one_exact_row_each_and_complete_once()
    {
        var id = await StartAcquisitionAsync(7);
        foreach (var receiverId in Enumerable.Range(1, 7))
        {
            await _writer.Harness.Bus.Publish(Captures.IqArchived(id, receiverId));
        }

        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted");
        var completed = Completed(id).Single();
        Assert.That(completed.Status, Is.EqualTo("completed"));
        Assert.That(completed.ReceiversStored, Is.EqualTo(7));
        Assert.That(completed.ReceiversFailed, Is.Zero);
        Assert.That(completed.StoredReceiverIds, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(_writer.Harness.Published.Select<AcquisitionCompleted>(x => x.Context.Message.AcquisitionId == id).Single().Context.MessageId,
            Is.EqualTo(CompletionPublishing.MessageId(id)), "the completion's MessageId is derived from the acquisition id");
        Assert.That(await RowsAsync(id), Is.EqualTo(7));
        var row = await _writer.Stack.Database.ScalarAsync<string>(
            $"select snr_db || '|' || frequency_offset_hz || '|' || power_dbfs || '|' || power_dbm || '|' || clipping_fraction || '|' || iq_uri from measurements where acquisition_id = '{id}' and receiver_id = 3");
        Assert.That(row, Is.EqualTo($"33|-97|-38.5|-98.5|0.0029296875|s3://heimdall-raw-iq/acquisitions/{id}/3.sigmf-data"));
        var status = await _writer.Stack.Database.ScalarAsync<string>($"select status || ':' || receivers_stored from acquisitions where acquisition_id = '{id}'");
        Assert.That(status, Is.EqualTo("completed:7"));
    }

    [Test]
    public async Task When_one_receiver_heard_only_noise_Should_store_NULL_signal_metrics_beside_the_detected_row_and_complete()
    {
        var id = await StartAcquisitionAsync(2);
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 2, metrics: Captures.NoSignalMetrics(2)));

        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted");
        var completed = Completed(id).Single();
        Assert.That((completed.Status, completed.ReceiversStored, completed.ReceiversFailed), Is.EqualTo(("completed", 2, 0)));
        var rows = await _writer.Stack.Database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '|' || signal_detected || '|' || coalesce(snr_db::text, 'NULL') || '|'
                              || coalesce(frequency_offset_hz::text, 'NULL') || '|' || coalesce(occupied_bandwidth_hz::text, 'NULL') || '|'
                              || power_dbfs || '|' || power_dbm || '|' || noise_floor_dbfs_hz || '|' || peak_psd_dbfs_hz, ';' order by receiver_id)
            from measurements where acquisition_id = '{id}'
            """);
        Assert.That(rows, Is.EqualTo("1|true|31|-99|2001|-39.5|-99.5|-111|-59;2|false|NULL|NULL|NULL|-39|-99|-112|-110"));
    }

    [Test]
    public async Task When_a_capture_carries_warnings_and_attempts_Should_store_exactly_them_and_one_from_an_older_producer_an_empty_list_and_NULL()
    {
        var id = await StartAcquisitionAsync(3);
        string[] warnings =
        [
            "The capture comes from attempt 2 of the receiver, 0.612 s after the requested start: attempt 1 failed: receiver 1 'Aquila': timed out.",
            "GNSS solution 41 s old (limit 30 s), \"stale\"; {braces}, commas and an apostrophe's quotes survive.",
        ];
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1) with { Warnings = warnings, Attempts = 2 });
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 2) with { Warnings = [], Attempts = 1 });
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 3));

        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted");
        var stored = await _writer.Stack.Database.ScalarAsync<string[]>($"select warnings from measurements where acquisition_id = '{id}' and receiver_id = 1");
        var rows = await _writer.Stack.Database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '|' || coalesce(cardinality(warnings)::text, 'NULL') || '|' || coalesce(attempts::text, 'NULL'), ';' order by receiver_id)
            from measurements where acquisition_id = '{id}'
            """);
        Assert.That(stored, Is.EqualTo(warnings), "each sentence exactly, quotes, braces and commas included");
        Assert.That(rows, Is.EqualTo("1|2|2;2|0|1;3|0|NULL"),
            "an IqArchived without the fields (an older IqArchiver) is stored with no warnings ('{}', not NULL) and unknown attempts");
    }

    [Test]
    public async Task When_the_same_batch_arrives_again_Should_keep_the_row_count_and_not_complete_twice()
    {
        var id = await StartAcquisitionAsync(2);
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 2));
        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted");

        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 2));
        await Eventually.True(() => _writer.Harness.Published.Select<MeasurementsStored>(x => x.Context.Message.AcquisitionId == id).Sum(m => m.Context.Message.ReceiverIds.Length) == 4,
            "the duplicates to be processed");

        Assert.That(await RowsAsync(id), Is.EqualTo(2));
        Assert.That(Completed(id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task When_some_receivers_failed_Should_complete_as_partial()
    {
        var id = await StartAcquisitionAsync(3);
        await _writer.Harness.Bus.Publish(new ReceiverCaptureFailed { AcquisitionId = id, ReceiverId = 2, Reason = "timeout", Attempts = 3 });
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await _writer.Harness.Bus.Publish(Captures.IqArchived(id, 3));

        await Eventually.True(() => Completed(id).Count == 1, "AcquisitionCompleted");
        var completed = Completed(id).Single();
        Assert.That((completed.Status, completed.ReceiversStored, completed.ReceiversFailed), Is.EqualTo(("partial", 2, 1)));
        Assert.That(completed.FailedReceiverIds, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public async Task When_every_receiver_failed_Should_complete_as_failed_once_even_if_failures_repeat()
    {
        var id = await StartAcquisitionAsync(2);
        foreach (var receiverId in new[] { 1, 2, 1, 2 })
        {
            await _writer.Harness.Bus.Publish(new ReceiverCaptureFailed { AcquisitionId = id, ReceiverId = receiverId, Reason = "down", Attempts = 1 });
        }

        await WaitForOutcomesAsync(id, 2);
        await Eventually.True(() => _writer.Harness.Consumed.Select<ReceiverCaptureFailed>(x => x.Context.Message.AcquisitionId == id).Count() == 4, "four failures consumed");
        Assert.That(Completed(id).Select(c => c.Status), Is.EqualTo(new[] { "failed" }));
        Assert.That(await RowsAsync(id), Is.Zero);
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_the_database_stays_away
{
    [Test]
    public async Task Should_put_the_messages_back_on_their_queues_instead_of_faulting_them()
    {
        await using var stack = await TestStack.CreateAsync();
        var settings = stack.Settings;
        // Nothing listens on port 1: every connection is refused, a transient fault.
        settings["ConnectionStrings:Heimdall"] = "Host=127.0.0.1;Port=1;Database=heimdall;Username=heimdall;Password=heimdall;Timeout=2";
        settings["Database:RetryAttempts"] = "1";
        settings["Database:RetryBaseDelayMs"] = "10";
        settings["MetricsWriter:ApplyMigrationsAtStart"] = "false";
        settings["MetricsWriter:BatchTimeLimitMs"] = "10";
        settings["Messaging:OutageRequeueDelaySeconds"] = "0.1";
        using var requeued = new CounterTotal("heimdall.messages.requeued");
        // The message keeps cycling while the database is away, so the harness never goes idle: keep its stop short.
        await using var host = await HarnessHost.StartAsync(settings, b => b.AddMetricsWriterComponents(), MetricsWriterRegistration.AddConsumers, TimeSpan.FromSeconds(3));
        var id = Guid.NewGuid();

        await host.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await host.Harness.Bus.Publish(new ReceiverCaptureFailed { AcquisitionId = id, ReceiverId = 2, Reason = "down", Attempts = 3 });

        await Eventually.True(() => requeued.Value >= 6, "both messages to go back on their queues three times each");
        Assert.That(host.Harness.Published.Select<Fault<IqArchived>>(x => x.Context.Message.Message.AcquisitionId == id), Is.Empty);
        Assert.That(host.Harness.Published.Select<Fault<ReceiverCaptureFailed>>(x => x.Context.Message.Message.AcquisitionId == id), Is.Empty);
        Assert.That(host.Harness.Published.Select<MeasurementsStored>(x => x.Context.Message.AcquisitionId == id), Is.Empty);
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_a_batch_holds_an_unstorable_message
{
    [Test]
    public async Task Should_store_the_others_and_send_that_one_alone_to_the_error_queue()
    {
        await using var writer = await MetricsWriterHarness.StartAsync();
        var (stack, host) = (writer.Stack, writer.Host);
        var id = Guid.NewGuid();
        await host.Harness.Bus.Publish(Captures.Started(id, 1, 2));

        await host.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await host.Harness.Bus.Publish(Captures.IqArchived(id, 2) with { Metrics = null!, IqUri = "" });

        var fault = await FaultAsync(host, id, 2);
        Assert.That(fault.Exceptions.Select(e => e.Message), Is.EqualTo(new[] { $"IqArchived {id}/2 lacks metrics, iqUri" }));
        Assert.That(fault.Exceptions.Single().ExceptionType, Is.EqualTo(typeof(Heimdall.Messaging.InvalidMessageException).FullName));
        await Eventually.Get(() => stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}'"), n => n == 1, "the valid row");
        Assert.That(await stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}' and receiver_id = 1"), Is.EqualTo(1));
        Assert.That(host.Harness.Published.Select<Fault<IqArchived>>(x => x.Context.Message.Message.AcquisitionId == id).Count(), Is.EqualTo(1), "the valid message is not faulted with it");
    }

    [Test]
    public async Task Should_send_a_detected_signal_without_its_SNR_to_the_error_queue_naming_the_field_and_store_the_no_signal_capture()
    {
        await using var writer = await MetricsWriterHarness.StartAsync();
        var (stack, host) = (writer.Stack, writer.Host);
        var id = Guid.NewGuid();
        await host.Harness.Bus.Publish(Captures.Started(id, 1, 2));

        await host.Harness.Bus.Publish(Captures.IqArchived(id, 1, metrics: Captures.NoSignalMetrics(1)));
        await host.Harness.Bus.Publish(Captures.IqArchived(id, 2, metrics: Captures.Metrics(2) with { SnrDb = null }));

        var fault = await FaultAsync(host, id, 2);
        Assert.That(fault.Exceptions.Select(e => e.Message), Is.EqualTo(new[] { $"IqArchived {id}/2: metrics.signalDetected is true but metrics.snrDb is null" }));
        await Eventually.Get(() => stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}'"), n => n == 1, "the no-signal row");
        Assert.That(await stack.Database.ScalarAsync<string>($"select receiver_id || '|' || signal_detected || '|' || (snr_db is null) from measurements where acquisition_id = '{id}'"),
            Is.EqualTo("1|false|true"));
    }

    /// <summary>MassTransit's own Fault of the one message refused on its way into a batch (it then moves it to iq-archived_error).</summary>
    private static async Task<Fault<IqArchived>> FaultAsync(HarnessHost host, Guid id, int receiverId)
    {
        await Eventually.True(() => host.Harness.Published.Select<Fault<IqArchived>>(x => x.Context.Message.Message.AcquisitionId == id).Any(),
            "the unstorable message's Fault<IqArchived>");
        var fault = host.Harness.Published.Select<Fault<IqArchived>>(x => x.Context.Message.Message.AcquisitionId == id).Single().Context.Message;
        Assert.That(fault.Message.ReceiverId, Is.EqualTo(receiverId));
        return fault;
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_an_acquisition_passes_its_deadline
{
    [Test]
    public async Task Should_complete_it_once_naming_the_missing_receiver_and_still_store_its_late_capture()
    {
        await using var writer = await MetricsWriterHarness.StartAsync(); // its sweep runs when the test says so
        var (stack, host) = (writer.Stack, writer.Host);
        var sweep = host.Services.GetRequiredService<CompletionSweep>();
        var id = Guid.NewGuid();
        await host.Harness.Bus.Publish(Captures.Started(id, 1, 2, 3));
        await host.Harness.Bus.Publish(Captures.IqArchived(id, 1));
        await host.Harness.Bus.Publish(new ReceiverCaptureFailed { AcquisitionId = id, ReceiverId = 2, Reason = "receiver 2: down", Attempts = 3 });
        await Eventually.Get(() => stack.Database.ScalarAsync<long>($"select count(*) from acquisition_receivers where acquisition_id = '{id}'"), n => n == 2, "both outcomes recorded");
        await Eventually.Get(() => stack.Database.ScalarAsync<bool>($"select exists (select from acquisitions where acquisition_id = '{id}' and receivers_expected = 3)"), e => e, "the start recorded");
        await sweep.SweepAsync(CancellationToken.None);
        Assert.That(Completed(host, id), Is.Empty, "not overdue yet: its outcomes are due in an hour");

        await stack.Database.ExecuteAsync($"update acquisitions set deadline_at = now() - interval '1 second' where acquisition_id = '{id}'");
        await sweep.SweepAsync(CancellationToken.None);

        var completed = Completed(host, id).Single();
        Assert.That((completed.Status, completed.ReceiversStored, completed.ReceiversFailed), Is.EqualTo(("partial", 1, 2)));
        Assert.That(completed.StoredReceiverIds, Is.EqualTo(new[] { 1 }));
        Assert.That(completed.FailedReceiverIds, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(await stack.Database.ScalarAsync<string>($"select array_to_string(reasons, '|') from acquisitions where acquisition_id = '{id}'"),
            Does.StartWith("receiver 3: no outcome reached the MetricsWriter by the deadline "));
        Assert.That(await stack.Database.ScalarAsync<bool>($"select published_at is not null from acquisition_completions where acquisition_id = '{id}'"), Is.True);

        await host.Harness.Bus.Publish(Captures.IqArchived(id, 3));
        await Eventually.True(() => host.Harness.Consumed.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id && x.Context.Message.ReceiverId == 3).Any(),
            "the late capture consumed (stored, and its own completion attempt made)");
        Assert.That(await stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}'"), Is.EqualTo(2), "the late capture stored");
        Assert.That(await stack.Database.ScalarAsync<string>(
                $"select string_agg(receiver_id || ':' || outcome, ',' order by receiver_id) from acquisition_receivers where acquisition_id = '{id}'"),
            Is.EqualTo("1:stored,2:failed,3:stored"));
        await sweep.SweepAsync(CancellationToken.None);
        Assert.That(Completed(host, id), Has.Count.EqualTo(1), "completed once however late a receiver comes in");
    }

    private static List<AcquisitionCompleted> Completed(HarnessHost host, Guid id) =>
        host.Harness.Published.Select<AcquisitionCompleted>(x => x.Context.Message.AcquisitionId == id).Select(x => x.Context.Message).ToList();
}
