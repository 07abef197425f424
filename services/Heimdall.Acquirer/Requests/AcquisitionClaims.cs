using Dapper;
using Heimdall.ServiceDefaults.Persistence;
using Npgsql;

namespace Heimdall.Acquirer.Requests;

/// <summary>
/// The acquisitions table seen from the Acquirer: the id is the idempotency key. While an acquisition is being
/// captured, a session-level advisory lock on its id is held, so a duplicate that arrives meanwhile (on any replica) is
/// recognised as in progress, while a redelivery after a crash (lock released with the dead connection) resumes it.
/// </summary>
public sealed class AcquisitionClaims(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>Takes the acquisition's lock; null when another consumer holds it right now.</summary>
    public async Task<IAsyncDisposable?> TryLockAsync(Guid acquisitionId, CancellationToken cancellationToken)
    {
        var connection = await retry.ExecuteAsync(async ct => await dataSource.OpenConnectionAsync(ct), cancellationToken);
        var locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select pg_try_advisory_lock(@key)", new { key = LockKey(acquisitionId) }, cancellationToken: cancellationToken));
        if (locked)
        {
            return new Lease(connection, LockKey(acquisitionId));
        }

        await connection.DisposeAsync();
        return null;
    }

    public Task<ExistingAcquisition?> FindAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<ExistingAcquisition>(new CommandDefinition("""
                select status as Status, captured_at is not null as Captured, reasons as Reasons
                from acquisitions where acquisition_id = @acquisitionId
                """, new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    public Task RecordRejectedAsync(Guid acquisitionId, double frequencyHz, double durationSeconds, string? requestedBy, IReadOnlyList<string> reasons, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into acquisitions (acquisition_id, status, frequency_hz, duration_seconds, reasons, requested_by)
                values (@acquisitionId, 'rejected', @frequencyHz, @durationSeconds, @reasons, @requestedBy)
                on conflict (acquisition_id) do nothing
                """, new { acquisitionId, frequencyHz, durationSeconds, reasons = reasons.ToArray(), requestedBy }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Records the accepted plan (or restarts a capture whose owner died) before any receiver is asked.</summary>
    public Task ClaimAsync(AcquisitionPlan plan, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into acquisitions (acquisition_id, status, started_at, frequency_hz, sample_rate_hz, duration_seconds,
                                          start_at, receivers_expected, receiver_ids, requested_by)
                values (@AcquisitionId, 'capturing', now(), @FrequencyHz, @RequestedSampleRateHz, @DurationSeconds,
                        @StartAtUtc, @Expected, @ReceiverIds, @RequestedBy)
                on conflict (acquisition_id) do update
                set started_at = now(), start_at = excluded.start_at
                where acquisitions.status = 'capturing' and acquisitions.captured_at is null
                """, new
            {
                plan.AcquisitionId,
                plan.FrequencyHz,
                plan.RequestedSampleRateHz,
                plan.DurationSeconds,
                StartAtUtc = plan.StartAtUtc.UtcDateTime,
                Expected = plan.Receivers.Count,
                ReceiverIds = plan.Receivers.Select(r => r.ReceiverId).ToArray(),
                plan.RequestedBy,
            }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Every receiver has reported: a later duplicate is ignored.</summary>
    public Task MarkCapturedAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "update acquisitions set captured_at = now() where acquisition_id = @acquisitionId and captured_at is null",
                new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Releases the session lock explicitly: a pooled connection outlives its Close.</summary>
    private sealed class Lease(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key });
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static long LockKey(Guid acquisitionId) => BitConverter.ToInt64(acquisitionId.ToByteArray(), 0);
}

public sealed class ExistingAcquisition
{
    public string Status { get; init; } = "";
    public bool Captured { get; init; }
    public string[] Reasons { get; init; } = [];
}
