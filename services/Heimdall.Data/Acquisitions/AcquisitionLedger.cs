using Dapper;
using Heimdall.Contracts;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// Per-receiver outcomes and acquisition completion. Completion is decided inside one transaction that holds the
/// acquisition's row lock; the caller publishes <see cref="AcquisitionCompleted"/> and then commits, so it goes out once
/// however many consumers race, and if the process dies before the commit the redelivered message completes it again.
/// (The stored outcomes are recorded with their rows, by <see cref="Measurements.MeasurementWriter"/>.)
/// </summary>
public sealed class AcquisitionLedger(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
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
    /// Refreshes the acquisition's counters. When every expected receiver is stored or failed and it was not completed
    /// before, marks it complete and returns the still open transaction with the event to publish: publish it, then
    /// <see cref="PendingCompletion.CommitAsync"/>. Otherwise commits the counters and returns null.
    /// </summary>
    public Task<PendingCompletion?> TryCompleteAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        DecideAsync(CompleteSql, new { acquisitionId }, cancellationToken);

    /// <summary>
    /// Completes the next acquisition whose deadline (<c>deadline_at</c>, or for rows without one, its start plus its
    /// duration plus <paramref name="fallbackDeadline"/>) has passed while receivers are still missing: each missing
    /// receiver counts as failed, with a reason naming it and the deadline. Returns the open completion to publish and
    /// commit, or null when no acquisition is overdue. A receiver whose outcome arrives later is still stored and
    /// recorded (<c>acquisition_receivers</c>), and the acquisition is not completed again.
    /// </summary>
    public Task<PendingCompletion?> TryCompleteOverdueAsync(TimeSpan fallbackDeadline, CancellationToken cancellationToken) =>
        DecideAsync(CompleteOverdueSql, new { fallbackDeadline }, cancellationToken);

    private Task<PendingCompletion?> DecideAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            var connection = await dataSource.OpenConnectionAsync(ct);
            NpgsqlTransaction? transaction = null;
            try
            {
                transaction = await connection.BeginTransactionAsync(ct);
                var row = await connection.QuerySingleOrDefaultAsync<CompletionRow>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
                if (row is null)
                {
                    await transaction.CommitAsync(ct);
                    await transaction.DisposeAsync();
                    await connection.DisposeAsync();
                    return null;
                }

                return new PendingCompletion(connection, transaction, new AcquisitionCompleted
                {
                    AcquisitionId = row.AcquisitionId,
                    Status = row.Status,
                    ReceiversStored = row.Stored,
                    ReceiversFailed = row.Failed,
                    ElapsedMs = row.ElapsedMs,
                    StoredReceiverIds = row.StoredIds,
                    FailedReceiverIds = row.FailedIds,
                });
            }
            catch
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }

                await connection.DisposeAsync();
                throw;
            }
        }, cancellationToken).AsTask();

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
            returning a.acquisition_id, a.status, a.completed_at, a.requested_at, o.stored, o.failed, o.stored_ids, o.failed_ids
        )
        select acquisition_id as AcquisitionId, status as Status, stored as Stored, failed as Failed, stored_ids as StoredIds,
               failed_ids as FailedIds, (extract(epoch from completed_at - requested_at) * 1000)::bigint as ElapsedMs
        from updated
        where completed_at is not null
        """;

    private const string CompleteOverdueSql = $$"""
        with candidate as (
            select a.acquisition_id, a.receiver_ids,
                   coalesce(a.deadline_at, coalesce(a.start_at, a.requested_at) + make_interval(secs => coalesce(a.duration_seconds, 0)) + @fallbackDeadline) as deadline
            from acquisitions a
            where a.status = '{{AcquisitionStates.Capturing}}' and a.completed_at is null
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
            returning a.acquisition_id, a.status, a.completed_at, a.requested_at, o.stored, a.receivers_failed,
                      o.stored_ids, array(select x from unnest(o.failed_ids || m.ids) as x order by x) as failed_ids
        )
        select acquisition_id as AcquisitionId, status as Status, stored as Stored, receivers_failed as Failed,
               stored_ids as StoredIds, failed_ids as FailedIds, (extract(epoch from completed_at - requested_at) * 1000)::bigint as ElapsedMs
        from updated
        """;

    private sealed class CompletionRow
    {
        public Guid AcquisitionId { get; init; }
        public string Status { get; init; } = "";
        public int Stored { get; init; }
        public int Failed { get; init; }
        public int[] StoredIds { get; init; } = [];
        public int[] FailedIds { get; init; } = [];
        public long ElapsedMs { get; init; }
    }
}

/// <summary>
/// An acquisition marked complete in a transaction not yet committed: publish <see cref="Completed"/>, then commit.
/// Disposing without committing rolls the completion back, so a redelivery decides it again.
/// </summary>
public sealed class PendingCompletion(NpgsqlConnection connection, NpgsqlTransaction transaction, AcquisitionCompleted completed) : IAsyncDisposable
{
    public AcquisitionCompleted Completed { get; } = completed;

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
