using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// The acquisitions table seen from the Acquirer: the id is the idempotency key. While an acquisition is being
/// captured, a session-level advisory lock on its id is held (<see cref="AcquisitionLease"/>), so a duplicate that
/// arrives meanwhile (on any replica) is recognised as in progress, while a redelivery after a crash (lock released with
/// the dead connection) resumes it.
/// </summary>
public sealed class AcquisitionClaims(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>Takes the acquisition's lock; null when another consumer holds it right now.</summary>
    public async Task<AcquisitionLease?> TryLockAsync(Guid acquisitionId, CancellationToken cancellationToken)
    {
        var key = AcquisitionLease.KeyOf(acquisitionId);
        var connection = await retry.ExecuteAsync(async ct => await dataSource.OpenConnectionAsync(ct), cancellationToken);
        bool locked;
        try
        {
            locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select pg_try_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (locked)
        {
            return new AcquisitionLease(connection, key);
        }

        await connection.DisposeAsync();
        return null;
    }

    public Task<ExistingAcquisition?> FindAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<ExistingAcquisition>(new CommandDefinition("""
                select status as Status, captured_at is not null as Captured, reasons as Reasons,
                       array(select receiver_id from acquisition_captures c where c.acquisition_id = a.acquisition_id order by receiver_id) as ReportedReceiverIds
                from acquisitions a where acquisition_id = @acquisitionId
                """, new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    public Task RecordRejectedAsync(Guid acquisitionId, double frequencyHz, double durationSeconds, string? requestedBy, IReadOnlyList<string> reasons, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition($"""
                insert into acquisitions (acquisition_id, status, frequency_hz, duration_seconds, reasons, requested_by)
                values (@acquisitionId, '{AcquisitionStates.Rejected}', @frequencyHz, @durationSeconds, @reasons, @requestedBy)
                on conflict (acquisition_id) do nothing
                """, new { acquisitionId, frequencyHz, durationSeconds, reasons = reasons.ToArray(), requestedBy }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Records the accepted request (or restarts a capture whose owner died) before any receiver is asked.</summary>
    public Task ClaimAsync(AcquisitionClaim claim, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition($"""
                insert into acquisitions (acquisition_id, status, started_at, frequency_hz, sample_rate_hz, duration_seconds,
                                          start_at, receivers_expected, receiver_ids, requested_by, deadline_at)
                values (@AcquisitionId, '{AcquisitionStates.Capturing}', now(), @FrequencyHz, @SampleRateHz, @DurationSeconds,
                        @StartAtUtc, @Expected, @ReceiverIds, @RequestedBy, @DeadlineUtc)
                on conflict (acquisition_id) do update
                set started_at = now(), start_at = excluded.start_at, deadline_at = greatest(acquisitions.deadline_at, excluded.deadline_at)
                where acquisitions.status = '{AcquisitionStates.Capturing}' and acquisitions.captured_at is null
                """, new
            {
                claim.AcquisitionId,
                claim.FrequencyHz,
                claim.SampleRateHz,
                claim.DurationSeconds,
                StartAtUtc = claim.StartAtUtc.UtcDateTime,
                Expected = claim.ReceiverIds.Count,
                ReceiverIds = claim.ReceiverIds.ToArray(),
                claim.RequestedBy,
                DeadlineUtc = claim.DeadlineUtc.UtcDateTime,
            }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>
    /// The receiver's outcome was published (an IqCaptured, or a ReceiverCaptureFailed): a resumed capture leaves it out.
    /// False when it was recorded before.
    /// </summary>
    public Task<bool> RecordReportedAsync(Guid acquisitionId, int receiverId, string outcome, string? iqSha512, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteAsync(new CommandDefinition("""
                insert into acquisition_captures (acquisition_id, receiver_id, outcome, iq_sha512)
                values (@acquisitionId, @receiverId, @outcome, @iqSha512)
                on conflict (acquisition_id, receiver_id) do nothing
                """, new { acquisitionId, receiverId, outcome, iqSha512 }, cancellationToken: ct)) == 1;
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
}

/// <summary>
/// An accepted request as the acquisitions table records it; <see cref="DeadlineUtc"/> is when the MetricsWriter stops
/// waiting for its missing receivers.
/// </summary>
public sealed record AcquisitionClaim(
    Guid AcquisitionId,
    double FrequencyHz,
    double? SampleRateHz,
    double DurationSeconds,
    DateTimeOffset StartAtUtc,
    IReadOnlyList<int> ReceiverIds,
    string? RequestedBy,
    DateTimeOffset DeadlineUtc);

/// <summary>What the table already knows of a request id.</summary>
public sealed class ExistingAcquisition
{
    public string Status { get; init; } = "";
    public bool Captured { get; init; }
    public string[] Reasons { get; init; } = [];

    /// <summary>Receivers whose outcome the Acquirer already published (<c>acquisition_captures</c>).</summary>
    public int[] ReportedReceiverIds { get; init; } = [];
}
