using Dapper;
using Heimdall.Domain.Acquisitions;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// <c>acquisition_requests</c>: what the API accepted and is about to publish, so that the acquisition is known (as
/// <see cref="AcquisitionStates.Requested"/>) from the moment its 202 is sent until its lifecycle owner records it. The Acquirer
/// never reads it; <see cref="AcquisitionQueries"/> shows a request only while <c>acquisitions</c> has no row for it.
/// </summary>
public sealed class AcquisitionRequests(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>
    /// Records the request; false when its id is already requested or recorded as an acquisition (nothing is written then).
    /// Requests the Acquirer claimed more than a day ago are deleted on the way: <c>acquisitions</c> holds them.
    /// </summary>
    public Task<bool> TryRecordAsync(AcquisitionPlan plan, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                with cleaned as (
                    delete from acquisition_requests r
                    where r.requested_at < now() - interval '1 day' and exists (select 1 from acquisitions a where a.acquisition_id = r.acquisition_id)
                ),
                recorded as (
                    insert into acquisition_requests (acquisition_id, frequency_hz, sample_rate_hz, duration_seconds, start_at, receiver_ids, requested_by)
                    select @AcquisitionId, @FrequencyHz, @RequestedSampleRateHz, @DurationSeconds, @StartAt, @ReceiverIds, @RequestedBy
                    where not exists (select 1 from acquisitions where acquisition_id = @AcquisitionId)
                    on conflict (acquisition_id) do nothing
                    returning 1
                )
                select count(*) from recorded
                """, new
            {
                plan.AcquisitionId,
                plan.FrequencyHz,
                plan.RequestedSampleRateHz,
                plan.DurationSeconds,
                StartAt = plan.StartAtUtc.UtcDateTime,
                ReceiverIds = plan.Receivers.Select(r => r.ReceiverId).ToArray(),
                plan.RequestedBy,
            }, cancellationToken: ct)) == 1;
        }, cancellationToken).AsTask();

    /// <summary>Forgets a request that could not be published, so that the same id can be sent again.</summary>
    public Task ForgetAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "delete from acquisition_requests where acquisition_id = @acquisitionId", new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();
}
