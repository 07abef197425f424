using Dapper;
using Heimdall.Contracts;
using Heimdall.Domain.Acquisitions;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// The SQL of the acquisition's owner (the MetricsWriter's <c>Lifecycle</c>): <c>acquisitions</c>,
/// <c>acquisition_receivers</c> and the completion's outbox <c>acquisition_completions</c>, written from what the
/// messages say and from nothing else. Each completion is one statement: the acquisition's status and counts change and
/// the <see cref="AcquisitionCompleted"/> to publish is recorded in the outbox together, so it is decided once however
/// many consumers race (the statement takes the acquisition's row lock), and it is published after the commit; what is
/// still unpublished a while later is found by <see cref="UnpublishedAsync"/>. (The stored outcomes are recorded with
/// their rows, by <see cref="Measurements.MeasurementWriter"/>.)
/// </summary>
public sealed class AcquisitionLedger(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>
    /// The accepted request, as its <see cref="AcquisitionStarted"/> says, with the deadline the owner gave it. A resumed
    /// capture (the same acquisition started again) moves its start and extends its deadline; the receivers stay those
    /// of the first start. A row that only <see cref="RecordCapturedAsync"/> made so far gets the whole plan.
    /// </summary>
    public Task RecordStartedAsync(StartedAcquisition started, CancellationToken cancellationToken) =>
        ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, started_at, frequency_hz, sample_rate_hz, duration_seconds,
                                      start_at, receivers_expected, receiver_ids, requested_by, deadline_at)
            values (@AcquisitionId, '{AcquisitionStates.Capturing}', coalesce(@RequestedAt, now()), @StartedAt, @FrequencyHz, @SampleRateHz,
                    @DurationSeconds, @StartAt, cardinality(@ReceiverIds), @ReceiverIds, @RequestedBy, @Deadline)
            on conflict (acquisition_id) do update
            set started_at = excluded.started_at,
                start_at = excluded.start_at,
                deadline_at = greatest(acquisitions.deadline_at, excluded.deadline_at),
                requested_at = case when acquisitions.receivers_expected is null then excluded.requested_at else acquisitions.requested_at end,
                frequency_hz = coalesce(acquisitions.frequency_hz, excluded.frequency_hz),
                sample_rate_hz = case when acquisitions.receivers_expected is null then excluded.sample_rate_hz else acquisitions.sample_rate_hz end,
                duration_seconds = coalesce(acquisitions.duration_seconds, excluded.duration_seconds),
                receivers_expected = coalesce(acquisitions.receivers_expected, excluded.receivers_expected),
                receiver_ids = case when acquisitions.receivers_expected is null then excluded.receiver_ids else acquisitions.receiver_ids end,
                requested_by = coalesce(acquisitions.requested_by, excluded.requested_by)
            where acquisitions.status = '{AcquisitionStates.Capturing}' and acquisitions.completed_at is null
            """, new
        {
            started.AcquisitionId,
            RequestedAt = started.RequestedAtUtc?.UtcDateTime,
            StartedAt = started.StartedAtUtc.UtcDateTime,
            started.FrequencyHz,
            started.SampleRateHz,
            started.DurationSeconds,
            StartAt = started.StartAtUtc.UtcDateTime,
            ReceiverIds = started.ReceiverIds.ToArray(),
            started.RequestedBy,
            Deadline = started.DeadlineUtc.UtcDateTime,
        }, cancellationToken);

    /// <summary>The rejected request, as its <see cref="AcquisitionRejected"/> says; an acquisition recorded before stays as it is.</summary>
    public Task RecordRejectedAsync(AcquisitionRejected rejected, CancellationToken cancellationToken) =>
        ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, frequency_hz, duration_seconds, reasons, requested_by)
            values (@AcquisitionId, '{AcquisitionStates.Rejected}', coalesce(@RequestedAt, now()), @FrequencyHz, @DurationSeconds, @Reasons, @RequestedBy)
            on conflict (acquisition_id) do nothing
            """, new
        {
            rejected.AcquisitionId,
            RequestedAt = rejected.RequestedAtUtc?.UtcDateTime,
            rejected.FrequencyHz,
            rejected.DurationSeconds,
            rejected.Reasons,
            rejected.RequestedBy,
        }, cancellationToken);

    /// <summary>
    /// Every receiver reported to the Acquirer (<see cref="AcquisitionCaptured"/>), whatever the acquisition's state; the
    /// first time counts. Before its <see cref="AcquisitionStarted"/> has been heard, the row is made with this alone.
    /// </summary>
    public Task RecordCapturedAsync(Guid acquisitionId, DateTimeOffset capturedAt, CancellationToken cancellationToken) =>
        ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, captured_at) values (@acquisitionId, '{AcquisitionStates.Capturing}', @capturedAt)
            on conflict (acquisition_id) do update set captured_at = excluded.captured_at
            where acquisitions.captured_at is null
            """, new { acquisitionId, capturedAt = capturedAt.UtcDateTime }, cancellationToken);

    /// <summary>Records a failed receiver; false when its outcome was already recorded.</summary>
    public Task<bool> RecordFailureAsync(Guid acquisitionId, int receiverId, string reason, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.ExecuteAsync(new CommandDefinition($"""
                insert into acquisition_receivers (acquisition_id, receiver_id, outcome, detail)
                values (@acquisitionId, @receiverId, '{ReceiverOutcomes.Failed}', @reason)
                on conflict (acquisition_id, receiver_id) do nothing
                """, new { acquisitionId, receiverId, reason }, cancellationToken: ct));
            return rows == 1;
        }, cancellationToken).AsTask();

    /// <summary>
    /// Refreshes the acquisition's counters and, when every expected receiver is stored or failed and it was not
    /// completed before, completes it and records its <see cref="AcquisitionCompleted"/> in the outbox: committed when
    /// this returns it, to be published. Null otherwise.
    /// </summary>
    public Task<AcquisitionCompleted?> TryCompleteAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        DecideAsync(CompleteSql, new { acquisitionId }, cancellationToken);

    /// <summary>
    /// Completes the next acquisition whose deadline (<c>deadline_at</c>, or for rows without one, its start plus its
    /// duration plus <paramref name="fallbackDeadline"/>) has passed while receivers are still missing: each missing
    /// receiver counts as failed, with a reason naming it and the deadline. Returns the committed completion to publish,
    /// or null when no acquisition is overdue. A receiver whose outcome arrives later is still stored and recorded
    /// (<c>acquisition_receivers</c>), and the acquisition is not completed again.
    /// </summary>
    public Task<AcquisitionCompleted?> TryCompleteOverdueAsync(TimeSpan fallbackDeadline, CancellationToken cancellationToken) =>
        DecideAsync(CompleteOverdueSql, new { fallbackDeadline }, cancellationToken);

    /// <summary>Completions recorded at least <paramref name="age"/> ago and not yet marked published, oldest first.</summary>
    public Task<IReadOnlyList<AcquisitionCompleted>> UnpublishedAsync(TimeSpan age, int limit, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<CompletionRow>(new CommandDefinition($"""
                select {CompletionRow.Columns} from acquisition_completions
                where published_at is null and completed_at < now() - @age
                order by completed_at
                limit @limit
                """, new { age, limit }, cancellationToken: ct));
            return (IReadOnlyList<AcquisitionCompleted>)rows.Select(r => r.ToEvent()).ToList();
        }, cancellationToken).AsTask();

    /// <summary>The broker has the acquisition's completion: the sweep leaves it alone.</summary>
    public Task MarkPublishedAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        ExecuteAsync("update acquisition_completions set published_at = now() where acquisition_id = @acquisitionId and published_at is null",
            new { acquisitionId }, cancellationToken);

    private Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        }, cancellationToken).AsTask();

    private Task<AcquisitionCompleted?> DecideAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<CompletionRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
            return row?.ToEvent();
        }, cancellationToken).AsTask();

    /// <summary>Records the completion (the <c>updated</c> row) in the outbox as <c>recorded</c>.</summary>
    private const string RecordCompletionSql = $"""
        , recorded as (
            insert into acquisition_completions (acquisition_id, status, receivers_stored, receivers_failed, stored_receiver_ids,
                                                 failed_receiver_ids, elapsed_ms, completed_at)
            select acquisition_id, status, stored, failed, stored_ids, failed_ids,
                   (extract(epoch from completed_at - requested_at) * 1000)::bigint, completed_at
            from updated
            where completed_at is not null
            on conflict (acquisition_id) do nothing
            returning {CompletionRow.Columns}
        )
        """;

    private const string CompleteSql = $$"""
        with outcomes as (
            select count(*) filter (where outcome = '{{ReceiverOutcomes.Stored}}')::int as stored,
                   count(*) filter (where outcome = '{{ReceiverOutcomes.Failed}}')::int as failed,
                   coalesce(array_agg(receiver_id order by receiver_id) filter (where outcome = '{{ReceiverOutcomes.Stored}}'), '{}') as stored_ids,
                   coalesce(array_agg(receiver_id order by receiver_id) filter (where outcome = '{{ReceiverOutcomes.Failed}}'), '{}') as failed_ids
            from acquisition_receivers
            where acquisition_id = @acquisitionId
        ), updated as (
            update acquisitions a
            set receivers_stored = o.stored,
                receivers_failed = o.failed,
                completed_at = case when o.stored + o.failed >= a.receivers_expected then now() end,
                status = case
                    when o.stored + o.failed < a.receivers_expected then a.status
                    when o.failed = 0 then '{{AcquisitionStates.Completed}}'
                    when o.stored = 0 then '{{AcquisitionStates.Failed}}'
                    else '{{AcquisitionStates.Partial}}' end
            from outcomes o
            where a.acquisition_id = @acquisitionId and a.completed_at is null and a.status = '{{AcquisitionStates.Capturing}}'
              and a.receivers_expected is not null
            returning a.acquisition_id, a.status, a.completed_at, a.requested_at, o.stored, o.failed, o.stored_ids, o.failed_ids
        )
        """ + RecordCompletionSql + """
        select * from recorded
        """;

    private const string CompleteOverdueSql = $$"""
        with candidate as (
            select a.acquisition_id, a.receiver_ids,
                   coalesce(a.deadline_at, coalesce(a.start_at, a.requested_at) + make_interval(secs => coalesce(a.duration_seconds, 0)) + @fallbackDeadline) as deadline
            from acquisitions a
            where a.status = '{{AcquisitionStates.Capturing}}' and a.completed_at is null and a.receivers_expected is not null
              and coalesce(a.deadline_at, coalesce(a.start_at, a.requested_at) + make_interval(secs => coalesce(a.duration_seconds, 0)) + @fallbackDeadline) < now()
            order by 3
            limit 1
            for update of a skip locked
        ), outcomes as (
            select count(*) filter (where r.outcome = '{{ReceiverOutcomes.Stored}}')::int as stored,
                   coalesce(array_agg(r.receiver_id order by r.receiver_id) filter (where r.outcome = '{{ReceiverOutcomes.Stored}}'), '{}') as stored_ids,
                   coalesce(array_agg(r.receiver_id order by r.receiver_id) filter (where r.outcome = '{{ReceiverOutcomes.Failed}}'), '{}') as failed_ids
            from candidate c
            join acquisition_receivers r on r.acquisition_id = c.acquisition_id
        ), missing as (
            select coalesce(array_agg(id order by id), '{}') as ids
            from candidate c, unnest(c.receiver_ids) as id
            where not exists (select 1 from acquisition_receivers r where r.acquisition_id = c.acquisition_id and r.receiver_id = id)
        ), updated as (
            update acquisitions a
            set receivers_stored = o.stored,
                receivers_failed = a.receivers_expected - o.stored,
                completed_at = now(),
                status = case when o.stored = 0 then '{{AcquisitionStates.Failed}}'
                              when o.stored >= a.receivers_expected then '{{AcquisitionStates.Completed}}'
                              else '{{AcquisitionStates.Partial}}' end,
                reasons = a.reasons || array(select format('receiver %s: no outcome reached the MetricsWriter by the deadline %s', id,
                                                           to_char(c.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                                             from unnest(m.ids) as id)
            from candidate c, outcomes o, missing m
            where a.acquisition_id = c.acquisition_id
            returning a.acquisition_id, a.status, a.completed_at, a.requested_at, o.stored, a.receivers_failed as failed,
                      o.stored_ids, array(select x from unnest(o.failed_ids || m.ids) as x order by x) as failed_ids
        )
        """ + RecordCompletionSql + """
        select * from recorded
        """;

    private sealed class CompletionRow
    {
        public const string Columns = """
            acquisition_id as AcquisitionId, status as Status, receivers_stored as Stored, receivers_failed as Failed,
            stored_receiver_ids as StoredIds, failed_receiver_ids as FailedIds, elapsed_ms as ElapsedMs
            """;

        public Guid AcquisitionId { get; init; }
        public string Status { get; init; } = "";
        public int Stored { get; init; }
        public int Failed { get; init; }
        public int[] StoredIds { get; init; } = [];
        public int[] FailedIds { get; init; } = [];
        public long ElapsedMs { get; init; }

        public AcquisitionCompleted ToEvent() => new()
        {
            AcquisitionId = AcquisitionId,
            Status = Status,
            ReceiversStored = Stored,
            ReceiversFailed = Failed,
            ElapsedMs = ElapsedMs,
            StoredReceiverIds = StoredIds,
            FailedReceiverIds = FailedIds,
        };
    }
}

/// <summary>
/// An <see cref="AcquisitionStarted"/> as its owner records it: <see cref="StartedAtUtc"/> is when it was published (the
/// Acquirer's claim), <see cref="DeadlineUtc"/> the instant the owner stops waiting for missing receivers.
/// </summary>
public sealed record StartedAcquisition(
    Guid AcquisitionId,
    IReadOnlyList<int> ReceiverIds,
    double FrequencyHz,
    double? SampleRateHz,
    double DurationSeconds,
    DateTimeOffset StartAtUtc,
    DateTimeOffset StartedAtUtc,
    DateTimeOffset? RequestedAtUtc,
    string? RequestedBy,
    DateTimeOffset DeadlineUtc);
