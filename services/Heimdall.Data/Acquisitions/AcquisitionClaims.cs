using Dapper;
using Heimdall.Domain.Acquisitions;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// The Acquirer's own record of the requests it answered (<c>acquisition_claims</c>) and of the receivers whose outcome
/// it published (<c>acquisition_captures</c>): its idempotency, read by nobody else. While an acquisition is being
/// captured, a session-level advisory lock on its id is held (<see cref="AcquisitionLease"/>), so a duplicate that
/// arrives meanwhile (on any replica) is recognised as in progress, while a redelivery after a crash (lock released with
/// the dead connection) resumes it. The acquisition itself (<c>acquisitions</c>) belongs to its owner, the MetricsWriter,
/// which hears of it through the Acquirer's messages.
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

    /// <summary>How the request id was answered before, with the receivers already reported; null when it is new.</summary>
    public Task<ExistingClaim?> FindAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<ExistingClaim>(new CommandDefinition("""
                select status as Status, captured_at is not null as Captured, reasons as Reasons, claimed_at as ClaimedAt,
                       array(select receiver_id from acquisition_captures c where c.acquisition_id = a.acquisition_id order by receiver_id) as ReportedReceiverIds
                from acquisition_claims a where acquisition_id = @acquisitionId
                """, new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Records the request as rejected (a claim recorded before stays as it is); when it was answered.</summary>
    public Task<DateTimeOffset> RecordRejectedAsync(Guid acquisitionId, IReadOnlyList<string> reasons, CancellationToken cancellationToken) =>
        RecordAsync(acquisitionId, ClaimStates.Rejected, reasons, cancellationToken);

    /// <summary>Records the request as accepted before any receiver is asked (a resumed claim stays as it is); when it was answered.</summary>
    public Task<DateTimeOffset> RecordAcceptedAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        RecordAsync(acquisitionId, ClaimStates.Accepted, [], cancellationToken);

    private Task<DateTimeOffset> RecordAsync(Guid acquisitionId, string status, IReadOnlyList<string> reasons, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var claimedAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition("""
                with fresh as (
                    insert into acquisition_claims (acquisition_id, status, reasons) values (@acquisitionId, @status, @reasons)
                    on conflict (acquisition_id) do nothing
                    returning claimed_at
                )
                select claimed_at from fresh
                union all
                select claimed_at from acquisition_claims where acquisition_id = @acquisitionId
                limit 1
                """, new { acquisitionId, status, reasons = reasons.ToArray() }, cancellationToken: ct));
            return new DateTimeOffset(DateTime.SpecifyKind(claimedAt, DateTimeKind.Utc));
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

    /// <summary>Every receiver has reported (AcquisitionCaptured is published): a later duplicate is ignored.</summary>
    public Task MarkCapturedAsync(Guid acquisitionId, DateTimeOffset capturedAt, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "update acquisition_claims set captured_at = @capturedAt where acquisition_id = @acquisitionId and captured_at is null",
                new { acquisitionId, capturedAt = capturedAt.UtcDateTime }, cancellationToken: ct));
        }, cancellationToken).AsTask();
}

/// <summary>How the Acquirer answered a request id before (<c>acquisition_claims</c>).</summary>
public sealed class ExistingClaim
{
    /// <summary>One of <see cref="ClaimStates"/>.</summary>
    public string Status { get; init; } = "";

    public bool Captured { get; init; }
    public string[] Reasons { get; init; } = [];
    public DateTime ClaimedAt { get; init; }

    /// <summary>Receivers whose outcome the Acquirer already published (<c>acquisition_captures</c>).</summary>
    public int[] ReportedReceiverIds { get; init; } = [];
}
