using Heimdall.Receivers.Simulation;
using Heimdall.Contracts;
using Heimdall.Signal.Simulation;
using Heimdall.Testing;
using MassTransit;

namespace Heimdall.Acquirer.Tests;

[TestFixture]
[NonParallelizable]
public sealed class When_a_valid_request_arrives
{
    private AcquirerHarness _acquirer = null!;
    private AcquisitionRequested _request = null!;

    [OneTimeSetUp]
    public async Task Publish()
    {
        _acquirer = await AcquirerHarness.StartAsync();
        _request = AcquirerHarness.Valid();
        await _acquirer.PublishAndWaitAsync(_request);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _acquirer.DisposeAsync();

    [Test]
    public void Should_publish_one_AcquisitionStarted_for_the_seven_reference_receivers()
    {
        var started = _acquirer.Published<AcquisitionStarted>(_request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(started, Has.Count.EqualTo(1));
        Assert.That(started[0].ReceiverIds, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(started[0].FrequencyHz, Is.EqualTo(145_500_000));
        Assert.That(started[0].SampleRateHz, Is.Null);
    }

    [Test]
    public void Should_publish_one_IqCaptured_per_receiver_with_6000_ci16_samples()
    {
        var captured = _acquirer.Published<IqCaptured>(_request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(captured.Select(c => c.ReceiverId).Order(), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(captured.Select(c => c.SampleCount), Is.All.EqualTo(6000));
        Assert.That(captured.Select(c => c.SampleFormat), Is.All.EqualTo("ci16_le"));
        Assert.That(captured.Select(c => c.SampleRateHz), Is.All.EqualTo(12_000));
        Assert.That(_acquirer.Published<AcquisitionRejected>(_request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
    }

    [Test]
    public void Should_say_that_a_simulated_receiver_passes_its_whole_band()
    {
        var captured = _acquirer.Published<IqCaptured>(_request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(captured.Select(c => c.Passband), Is.All.EqualTo(new CapturePassband { LowHz = -6_000, HighHz = 6_000 }));
    }

    [Test]
    public async Task Should_carry_the_IQ_inline_with_its_sha512()
    {
        var capture = _acquirer.Published<IqCaptured>(_request.AcquisitionId, m => m.AcquisitionId).First(c => c.ReceiverId == 3);
        var iq = await capture.Iq.Value;
        Assert.That(iq, Has.Length.EqualTo(6000 * 4));
        Assert.That(capture.Iq.Address, Is.Null, "small IQ rides in the message only: nothing is written to the object store");
        Assert.That(capture.IqSha512, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(iq))));
    }

    [Test]
    public void Should_measure_what_the_link_model_predicts_per_station()
    {
        var settings = new SimulationOptions();
        foreach (var capture in _acquirer.Published<IqCaptured>(_request.AcquisitionId, m => m.AcquisitionId))
        {
            var station = new SimulatedStation
            {
                ReceiverId = capture.ReceiverId,
                Position = new GeoPoint(capture.Receiver.Latitude, capture.Receiver.Longitude, capture.Receiver.AltitudeM ?? 0),
                NoiseFigureDb = settings.NoiseFigureDb,
                LocalOscillatorPpm = SimulatedStation.DefaultLocalOscillatorPpm(capture.ReceiverId),
                FullScaleDbm = -60,
            };
            var predicted = LinkModel.Predict(SimulatedReceiverDriver.Transmitter(settings, 145_500_000), station, 145_500_000, 12_000);
            Assert.Multiple(() =>
            {
                Assert.That(capture.Metrics.SnrDb, Is.EqualTo(predicted.SnrDb).Within(1.0), $"SNR of receiver {capture.ReceiverId}");
                Assert.That(capture.Metrics.FrequencyOffsetHz, Is.EqualTo(predicted.FrequencyOffsetHz).Within(2.0), $"offset of receiver {capture.ReceiverId}");
                Assert.That(capture.Metrics.PowerDbm, Is.EqualTo(capture.Metrics.PowerDbfs - 60).Within(1e-9), "calibrated power");
            });
        }
    }

    [Test]
    public void Should_tell_the_acquisitions_owner_when_it_was_requested_and_when_the_outcomes_are_due_then_that_every_one_was_published()
    {
        var started = _acquirer.Published<AcquisitionStarted>(_request.AcquisitionId, m => m.AcquisitionId).Single();
        Assert.That(started.RequestedBy, Is.EqualTo("tests"));
        var captured = _acquirer.Published<AcquisitionCaptured>(_request.AcquisitionId, m => m.AcquisitionId).Single();
        Assert.That(started.RequestedAtUtc, Is.Not.Null.And.LessThan(captured.CapturedAtUtc));
        // Seven reference receivers of timeout 10 s and two retries, capturing 0.5 s: three attempts of 10.5 s and the
        // backoffs 0.75 + 1.5 s (the most 0.5 and 1 s jittered by 50 % can be) after the start.
        Assert.That(started.OutcomesDueAtUtc, Is.EqualTo(started.StartAtUtc + TimeSpan.FromSeconds((3 * 10.5) + 0.75 + 1.5)));
        Assert.That(captured.CapturedAtUtc, Is.GreaterThanOrEqualTo(started.StartAtUtc), "after every receiver captured from the start");
    }

    [Test]
    public async Task Should_record_its_own_claim_as_accepted_and_captured_with_every_receiver_reported()
    {
        var claim = await _acquirer.Stack.Database.ScalarAsync<string>(
            $"select status || ':' || (captured_at is not null) from acquisition_claims where acquisition_id = '{_request.AcquisitionId}'");
        Assert.That(claim, Is.EqualTo("accepted:true"));
        Assert.That(await _acquirer.Stack.Database.ScalarAsync<string>(
                $"select string_agg(receiver_id || ':' || outcome, ',' order by receiver_id) from acquisition_captures where acquisition_id = '{_request.AcquisitionId}'"),
            Is.EqualTo("1:captured,2:captured,3:captured,4:captured,5:captured,6:captured,7:captured"));
        Assert.That(await _acquirer.Stack.Database.ScalarAsync<long>($"select count(*) from acquisitions where acquisition_id = '{_request.AcquisitionId}'"), Is.Zero,
            "the acquisition itself is its owner's, the MetricsWriter's: the Acquirer only announces it");
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_a_request_breaks_a_rule
{
    private AcquirerHarness _acquirer = null!;

    [OneTimeSetUp]
    public async Task Start() => _acquirer = await AcquirerHarness.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _acquirer.DisposeAsync();

    private static IEnumerable<TestCaseData> BrokenRules()
    {
        yield return Case("frequency missing (0)", b => b.FrequencyHz = 0, "frequencyHz is required and must be > 0");
        yield return Case("frequency negative", b => b.FrequencyHz = -1, "frequencyHz is required and must be > 0");
        yield return Case("frequency outside every band", b => b.FrequencyHz = 100_000_000, "not covered by any enabled receiver");
        yield return Case("frequency outside a named receiver's coverage", b => { b.FrequencyHz = 150_000_000; b.ReceiverIds = [3]; }, "outside the coverage of receiver 3 'Torino'");
        yield return Case("duration missing (0)", b => b.DurationSeconds = 0, "durationSeconds is required and must be > 0 and ≤ 300");
        yield return Case("duration above the maximum", b => b.DurationSeconds = 301, "durationSeconds is required and must be > 0 and ≤ 300 (got 301)");
        yield return Case("sample rate not positive", b => b.SampleRateHz = 0, "sampleRateHz must be > 0");
        yield return Case("too many samples", b => { b.SampleRateHz = 2_000_000; b.DurationSeconds = 10; }, "= 20000000 samples, more than the 4000000 allowed per capture");
        yield return Case("start expired", b => b.StartAtUtc = DateTimeOffset.UtcNow.AddMinutes(-1), "the request has expired");
        yield return Case("start too far ahead", b => b.StartAtUtc = DateTimeOffset.UtcNow.AddDays(2), "more than the maximum lead of 3600 s");
        yield return Case("unknown receiver", b => b.ReceiverIds = [3, 99], "receiverIds: unknown receiver 99");
        yield return Case("disabled receiver", b => b.ReceiverIds = [8], "receiverIds: receiver 8 'Disabled station' is disabled");
        yield return Case("requestedBy too long", b => b.RequestedBy = new string('x', 201), "requestedBy is 201 characters long; at most 200");
    }

    private static TestCaseData Case(string name, Action<AcquisitionRequestedBuilder> change, string reason) =>
        new TestCaseData(change, reason).SetName("Should_reject_once_and_capture_nothing_when_" + name.Replace(' ', '_').Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal));

    [TestCaseSource(nameof(BrokenRules))]
    public async Task Rule(Action<AcquisitionRequestedBuilder> change, string expectedReason)
    {
        var request = AcquirerHarness.Valid(change);
        await _acquirer.PublishAndWaitAsync(request);

        var rejected = _acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(rejected, Has.Count.EqualTo(1));
        Assert.That(rejected[0].Reasons, Has.Length.EqualTo(1));
        Assert.That(rejected[0].Reasons[0], Does.Contain(expectedReason));
        Assert.That(_acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
        Assert.That(_acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
        Assert.That((rejected[0].FrequencyHz, rejected[0].DurationSeconds, rejected[0].RequestedBy), Is.EqualTo((request.FrequencyHz, request.DurationSeconds, request.RequestedBy)),
            "the request as sent, for the acquisition's owner to record");
        Assert.That(rejected[0].RequestedAtUtc, Is.Not.Null);
        var status = await _acquirer.Stack.Database.ScalarAsync<string>($"select status from acquisition_claims where acquisition_id = '{request.AcquisitionId}'");
        Assert.That(status, Is.EqualTo("rejected"));
    }

    [Test]
    public async Task Should_list_every_broken_rule_in_one_rejection()
    {
        var request = AcquirerHarness.Valid(b =>
        {
            b.FrequencyHz = 0;
            b.DurationSeconds = -1;
            b.ReceiverIds = [99];
            b.RequestedBy = new string('x', 300);
        });
        await _acquirer.PublishAndWaitAsync(request);

        var rejected = _acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(rejected, Has.Count.EqualTo(1));
        Assert.That(rejected[0].Reasons, Has.Length.EqualTo(4));
        Assert.That(string.Join("\n", rejected[0].Reasons), Does.Contain("frequencyHz").And.Contain("durationSeconds").And.Contain("unknown receiver 99").And.Contain("requestedBy"));
    }

    [Test]
    public async Task Should_fault_to_the_error_queue_without_a_rejection_when_the_id_is_missing()
    {
        var request = AcquirerHarness.Valid(b => b.AcquisitionId = Guid.Empty);
        await _acquirer.Harness.Bus.Publish(request);

        await Eventually.True(() => _acquirer.Published<Fault<AcquisitionRequested>>(Guid.Empty, m => m.Message.AcquisitionId).Count == 1, "one Fault<AcquisitionRequested>");
        var fault = _acquirer.Published<Fault<AcquisitionRequested>>(Guid.Empty, m => m.Message.AcquisitionId).Single();
        Assert.That(fault.Exceptions.Single().Message, Does.Contain("no usable acquisitionId"));
        Assert.That(_acquirer.Published<AcquisitionRejected>(Guid.Empty, m => m.AcquisitionId), Is.Empty);
        Assert.That(_acquirer.Published<AcquisitionStarted>(Guid.Empty, m => m.AcquisitionId), Is.Empty);
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_the_same_request_arrives_twice
{
    [Test]
    public async Task Should_capture_once()
    {
        await using var acquirer = await AcquirerHarness.StartAsync();
        var request = AcquirerHarness.Valid(b => b.ReceiverIds = [1, 2]);

        await acquirer.PublishAndWaitAsync(request);
        await acquirer.PublishAndWaitAsync(request);
        await acquirer.PublishAndWaitAsync(request);

        Assert.That(acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId), Has.Count.EqualTo(1));
        Assert.That(acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Should_answer_a_rejected_duplicate_with_the_same_reasons()
    {
        await using var acquirer = await AcquirerHarness.StartAsync();
        var request = AcquirerHarness.Valid(b => b.ReceiverIds = [99]);

        await acquirer.PublishAndWaitAsync(request);
        await acquirer.PublishAndWaitAsync(request);

        var faults = acquirer.Published<Fault<AcquisitionRequested>>(request.AcquisitionId, m => m.Message.AcquisitionId);
        Assert.That(faults, Is.Empty, () => string.Join("\n", faults.SelectMany(f => f.Exceptions.Select(e => e.Message))));
        var rejected = acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(rejected, Has.Count.EqualTo(2));
        Assert.That(rejected[1].Reasons, Is.EqualTo(rejected[0].Reasons));
        Assert.That(acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_a_receiver_keeps_failing
{
    [Test]
    public async Task Should_publish_ReceiverCaptureFailed_after_its_retries_and_capture_the_others()
    {
        await using var acquirer = await AcquirerHarness.StartAsync(("Simulation:FailingReceiverIds:0", "5"));
        var request = AcquirerHarness.Valid();

        await acquirer.PublishAndWaitAsync(request);

        var failed = acquirer.Published<ReceiverCaptureFailed>(request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(failed, Has.Count.EqualTo(1));
        Assert.That(failed[0].ReceiverId, Is.EqualTo(5));
        Assert.That(failed[0].Attempts, Is.EqualTo(3), "retry_count 2 means three attempts");
        Assert.That(failed[0].Reason, Does.Contain("receiver 5 'Passo del Giovi'"));
        Assert.That(acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Select(c => c.ReceiverId).Order(),
            Is.EqualTo(new[] { 1, 2, 3, 4, 6, 7 }));
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_a_receiver_delivers_only_zeros
{
    [Test]
    public async Task Should_retry_it_then_publish_ReceiverCaptureFailed_saying_why_and_capture_the_others()
    {
        await using var acquirer = await AcquirerHarness.StartAsync(("Simulation:SilentReceiverIds:0", "2"));
        var request = AcquirerHarness.Valid();

        await acquirer.PublishAndWaitAsync(request);

        var failed = acquirer.Published<ReceiverCaptureFailed>(request.AcquisitionId, m => m.AcquisitionId);
        Assert.That(failed, Has.Count.EqualTo(1));
        Assert.That(failed[0].ReceiverId, Is.EqualTo(2));
        Assert.That(failed[0].Attempts, Is.EqualTo(3), "retry_count 2 means three attempts");
        Assert.That(failed[0].Reason, Does.Contain("receiver 2 ").And.Contain("All 6000 samples are zero"));
        Assert.That(acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Select(c => c.ReceiverId).Order(),
            Is.EqualTo(new[] { 1, 3, 4, 5, 6, 7 }));
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_the_IQ_is_larger_than_the_claim_check_threshold
{
    [Test]
    public async Task Should_send_a_claim_check_to_the_object_store_with_the_exact_bytes()
    {
        await using var acquirer = await AcquirerHarness.StartAsync();
        var request = AcquirerHarness.Valid(b =>
        {
            b.ReceiverIds = [3];
            b.DurationSeconds = 6; // 72 000 ci16 samples = 288 000 bytes > 256 KiB
        });

        await acquirer.PublishAndWaitAsync(request);

        var capture = acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Single();
        Assert.That(capture.Iq.Address, Is.Not.Null);
        Assert.That(capture.Iq.Address!.Scheme, Is.EqualTo("s3"));
        Assert.That(capture.Iq.Address.Host, Is.EqualTo(acquirer.Stack.Bucket));
        var stored = await acquirer.Stack.CreateObjectStore().GetAsync(acquirer.Stack.Bucket, capture.Iq.Address.AbsolutePath[1..], CancellationToken.None);
        Assert.That(stored, Has.Length.EqualTo(288_000));
        Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(stored!)), Is.EqualTo(capture.IqSha512));
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_the_database_is_away
{
    [Test]
    public async Task Should_put_the_request_back_on_its_queue_and_neither_reject_nor_capture()
    {
        using var requeued = new CounterTotal("heimdall.messages.requeued");
        // Nothing listens on port 1: every connection is refused, a transient fault. The request keeps cycling, so keep the harness stop short.
        await using var acquirer = await AcquirerHarness.StartAsync(TimeSpan.FromSeconds(3),
            ("ConnectionStrings:Heimdall", "Host=127.0.0.1;Port=1;Database=heimdall;Username=heimdall;Password=heimdall;Timeout=2"),
            ("Database:RetryAttempts", "1"),
            ("Database:RetryBaseDelayMs", "10"),
            ("Messaging:OutageRequeueDelaySeconds", "0.1"));
        var request = AcquirerHarness.Valid();

        await acquirer.Harness.Bus.Publish(request);

        await Eventually.True(() => requeued.Value >= 2, "the request to go back on its queue twice");
        Assert.That(acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
        Assert.That(acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId), Is.Empty);
        Assert.That(acquirer.Published<Fault<AcquisitionRequested>>(request.AcquisitionId, m => m.Message.AcquisitionId), Is.Empty);
    }
}

[TestFixture]
[NonParallelizable]
public sealed class When_accepting_a_request_fails_once_with_a_fault_that_is_not_transient
{
    [Test]
    public async Task Should_release_the_acquisition_lock_so_that_the_retry_captures_it()
    {
        await using var acquirer = await AcquirerHarness.StartAsync();
        // The first claim fails with a plain SQL error (P0001, not transient: the bus retries it in memory); the second succeeds.
        // A sequence counts the attempts, because it is not rolled back with the failed statement.
        await acquirer.Stack.Database.ExecuteAsync("""
            create sequence claim_attempts;
            create function fail_the_first_claim() returns trigger language plpgsql as $$
            begin
                if nextval('claim_attempts') = 1 then
                    raise exception 'injected failure of the first claim';
                end if;
                return new;
            end $$;
            create trigger fail_the_first_claim before insert on acquisition_claims for each row execute function fail_the_first_claim();
            """);
        var request = AcquirerHarness.Valid(b => b.ReceiverIds = [1, 2]);

        await acquirer.Harness.Bus.Publish(request);

        await Eventually.True(() => acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Count == 2,
            "both receivers captured after the failed first attempt", TimeSpan.FromSeconds(20));
        Assert.That(await acquirer.Stack.Database.ScalarAsync<long>("select last_value from claim_attempts"), Is.EqualTo(2));
        Assert.That(acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId), Has.Count.EqualTo(1));
        Assert.That(acquirer.Published<Fault<AcquisitionRequested>>(request.AcquisitionId, m => m.Message.AcquisitionId), Is.Empty);
        // Single-key advisory locks only (objsubid 1): the acquisitions' key space; the receiver probes' round lock has
        // two keys (objsubid 2) and is held during a probe round. The lease is given back as the consumer ends, which is
        // just after its last publication, so the count is polled: a lock left behind keeps it at 1 until the timeout.
        await Eventually.Get(
            () => acquirer.Stack.Database.ScalarAsync<long>(
                $"select count(*) from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and l.objsubid = 1 and d.datname = '{acquirer.Stack.Database.Name}'"),
            locks => locks == 0, "no advisory lock of an acquisition left behind once the capture is done", TimeSpan.FromSeconds(10));
    }
}

/// <summary>issue 17, finding 4: every attempt's outcome is kept with the receiver's outcome.</summary>
[TestFixture]
[NonParallelizable]
public sealed class When_a_receiver_needs_more_than_one_attempt
{
    [Test]
    public async Task A_capture_from_its_second_attempt_Should_carry_the_first_attempts_reason_and_its_lateness_in_its_timing_warnings()
    {
        await using var acquirer = await AcquirerHarness.StartAsync(("Simulation:FlakyReceiverIds:0", "3"));
        var request = AcquirerHarness.Valid(b => b.ReceiverIds = [3, 4]);

        await acquirer.PublishAndWaitAsync(request);

        var captured = acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).OrderBy(c => c.ReceiverId).ToList();
        var started = acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId).Single();
        Assert.That(captured.Select(c => c.ReceiverId), Is.EqualTo(new[] { 3, 4 }));
        var late = (captured[0].CaptureStartUtc - started.StartAtUtc).TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(captured[0].Timing!.Warnings, Is.EqualTo(new[]
            {
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The capture comes from attempt 2 of the receiver, {late:0.###} s after the requested start: attempt 1 failed: receiver 3 'Torino' is configured to fail its first attempt (Simulation:FlakyReceiverIds)."),
            }));
            Assert.That(late, Is.GreaterThan(0), "the second attempt starts after the backoff");
            Assert.That(captured[1].Timing!.Warnings, Is.Empty, "receiver 4 needed one attempt");
        });
    }

    [Test]
    public async Task A_receiver_that_fails_every_attempt_Should_give_each_attempts_reason()
    {
        await using var acquirer = await AcquirerHarness.StartAsync(("Simulation:FailingReceiverIds:0", "5"));
        var request = AcquirerHarness.Valid(b => b.ReceiverIds = [5]);

        await acquirer.PublishAndWaitAsync(request);

        var failed = acquirer.Published<ReceiverCaptureFailed>(request.AcquisitionId, m => m.AcquisitionId).Single();
        const string Fails = "receiver 5 'Passo del Giovi' is configured to fail (Simulation:FailingReceiverIds).";
        Assert.That((failed.Attempts, failed.Reason), Is.EqualTo((3, $"{Fails} Earlier: attempt 1 failed: {Fails}; attempt 2 failed: {Fails}.")));
    }
}
