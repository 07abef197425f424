using Dapper;
using Heimdall.Data.Measurements;
using Heimdall.Domain.Acquisitions;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>The read side of <c>acquisitions</c> and <c>acquisition_receivers</c>.</summary>
public sealed class AcquisitionQueries(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>
    /// The acquisition, its receivers' outcomes and its measurements; a request the Acquirer has not claimed yet as
    /// <see cref="AcquisitionStates.Requested"/> (no outcomes, no measurements); null when the id is unknown.
    /// </summary>
    public Task<AcquisitionDetail?> FindAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            AcquisitionSummary? summary;
            List<ReceiverOutcome> outcomes;
            await using (var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                select {AcquisitionSummary.Columns} from acquisitions where acquisition_id = @acquisitionId
                union all
                select {AcquisitionSummary.RequestedColumns} from acquisition_requests r
                where r.acquisition_id = @acquisitionId and {AcquisitionSummary.Unclaimed};
                select receiver_id as ReceiverId, outcome as Outcome, detail as Detail, recorded_at as RecordedAt
                from acquisition_receivers where acquisition_id = @acquisitionId order by receiver_id;
                """, new { acquisitionId }, cancellationToken: ct)))
            {
                summary = await results.ReadSingleOrDefaultAsync<AcquisitionSummary>();
                outcomes = (await results.ReadAsync<ReceiverOutcome>()).ToList();
            }

            return summary is null ? null
                : summary.Status == AcquisitionStates.Requested ? new AcquisitionDetail(summary, outcomes, [])
                : new AcquisitionDetail(summary, outcomes, await AcquisitionMeasurements.ReadAsync(connection, acquisitionId, ct));
        }, cancellationToken).AsTask();

    /// <summary>True when the acquisition id is recorded, or requested through the API.</summary>
    public Task<bool> ExistsAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                """
                select exists (select 1 from acquisitions where acquisition_id = @acquisitionId)
                    or exists (select 1 from acquisition_requests where acquisition_id = @acquisitionId)
                """, new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>
    /// The most recently requested first, requests not yet claimed included; <paramref name="status"/> (one of
    /// <see cref="AcquisitionStatuses.All"/>) filters.
    /// </summary>
    public Task<IReadOnlyList<AcquisitionSummary>> RecentAsync(string? status, int limit, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return (IReadOnlyList<AcquisitionSummary>)(await connection.QueryAsync<AcquisitionSummary>(new CommandDefinition($"""
                select * from (
                    select {AcquisitionSummary.Columns} from acquisitions
                    where @status::text is null or status = @status
                    union all
                    select {AcquisitionSummary.RequestedColumns} from acquisition_requests r
                    where (@status::text is null or @status = '{AcquisitionStates.Requested}') and {AcquisitionSummary.Unclaimed}
                ) listed
                order by RequestedAt desc, AcquisitionId desc
                limit @limit
                """, new { status, limit }, cancellationToken: ct))).ToList();
        }, cancellationToken).AsTask();
}
