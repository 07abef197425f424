using Dapper;
using Heimdall.Contracts;
using Heimdall.ServiceDefaults.Persistence;
using Npgsql;

namespace Heimdall.MetricsWriter.Storage;

/// <summary>
/// Per-receiver outcomes and acquisition completion. Completion is decided and published inside one transaction that
/// holds the acquisition's row lock, so <see cref="AcquisitionCompleted"/> goes out once however many consumers race;
/// if the process dies before commit, the redelivered message completes it again.
/// </summary>
public sealed class AcquisitionLedger(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>Records a failed receiver; false when its outcome was already recorded.</summary>
    public Task<bool> RecordFailureAsync(Guid acquisitionId, int receiverId, string reason, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.ExecuteAsync(new CommandDefinition("""
                insert into acquisition_receivers (acquisition_id, receiver_id, outcome, detail)
                values (@acquisitionId, @receiverId, 'failed', @reason)
                on conflict (acquisition_id, receiver_id) do nothing
                """, new { acquisitionId, receiverId, reason }, cancellationToken: ct));
            return rows == 1;
        }, cancellationToken).AsTask();

    /// <summary>
    /// Refreshes the acquisition's counters; when every expected receiver is stored or failed and it was not completed
    /// before, marks it complete and calls <paramref name="publish"/> before committing.
    /// </summary>
    public Task<AcquisitionCompleted?> TryCompleteAsync(Guid acquisitionId, Func<AcquisitionCompleted, Task> publish, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<CompletionRow>(new CommandDefinition("""
                with outcomes as (
                    select count(*) filter (where outcome = 'stored')::int as stored,
                           count(*) filter (where outcome = 'failed')::int as failed,
                           coalesce(array_agg(receiver_id order by receiver_id) filter (where outcome = 'stored'), '{}') as stored_ids,
                           coalesce(array_agg(receiver_id order by receiver_id) filter (where outcome = 'failed'), '{}') as failed_ids
                    from acquisition_receivers
                    where acquisition_id = @acquisitionId
                ), updated as (
                    update acquisitions a
                    set receivers_stored = o.stored,
                        receivers_failed = o.failed,
                        completed_at = case when o.stored + o.failed >= a.receivers_expected then now() end,
                        status = case
                            when o.stored + o.failed < a.receivers_expected then a.status
                            when o.failed = 0 then 'completed'
                            when o.stored = 0 then 'failed'
                            else 'partial' end
                    from outcomes o
                    where a.acquisition_id = @acquisitionId and a.completed_at is null and a.status = 'capturing'
                    returning a.status, a.completed_at, a.requested_at, o.stored, o.failed, o.stored_ids, o.failed_ids
                )
                select status as Status, stored as Stored, failed as Failed, stored_ids as StoredIds, failed_ids as FailedIds,
                       (extract(epoch from completed_at - requested_at) * 1000)::bigint as ElapsedMs
                from updated
                where completed_at is not null
                """, new { acquisitionId }, transaction, cancellationToken: ct));
            if (row is null)
            {
                await transaction.CommitAsync(ct);
                return null;
            }

            var completed = new AcquisitionCompleted
            {
                AcquisitionId = acquisitionId,
                Status = row.Status,
                ReceiversStored = row.Stored,
                ReceiversFailed = row.Failed,
                ElapsedMs = row.ElapsedMs,
                StoredReceiverIds = row.StoredIds,
                FailedReceiverIds = row.FailedIds,
            };
            await publish(completed);
            await transaction.CommitAsync(ct);
            return completed;
        }, cancellationToken).AsTask();

    private sealed class CompletionRow
    {
        public string Status { get; init; } = "";
        public int Stored { get; init; }
        public int Failed { get; init; }
        public int[] StoredIds { get; init; } = [];
        public int[] FailedIds { get; init; } = [];
        public long ElapsedMs { get; init; }
    }
}
