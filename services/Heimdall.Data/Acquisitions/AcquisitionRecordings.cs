using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// What the database says of an acquisition's recordings, for replaying it: the request as recorded in
/// <c>acquisitions</c>, and each stored receiver's rate, sample count and object from <c>measurements</c>.
/// </summary>
public sealed class AcquisitionRecordings(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>The acquisition and its stored recordings (none: nothing was stored, or its rows are past retention); null when unknown.</summary>
    public Task<StoredAcquisition?> FindAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var acquisition = await connection.QuerySingleOrDefaultAsync<(string Status, double FrequencyHz, double DurationSeconds)?>(new CommandDefinition(
                "select status, frequency_hz, duration_seconds from acquisitions where acquisition_id = @acquisitionId",
                new { acquisitionId }, cancellationToken: ct));
            if (acquisition is not { } found)
            {
                return null;
            }

            var recordings = await connection.QueryAsync<StoredRecording>(new CommandDefinition("""
                select receiver_id as ReceiverId, sample_rate_hz as SampleRateHz, sample_count as SampleCount, iq_uri as IqUri
                from measurements where acquisition_id = @acquisitionId order by receiver_id
                """, new { acquisitionId }, cancellationToken: ct));
            return new StoredAcquisition(acquisitionId, found.Status, found.FrequencyHz, found.DurationSeconds, [.. recordings]);
        }, cancellationToken).AsTask();
}

/// <summary>An acquisition as recorded, with the recordings stored for it.</summary>
public sealed record StoredAcquisition(Guid AcquisitionId, string Status, double FrequencyHz, double DurationSeconds, IReadOnlyList<StoredRecording> Recordings);

/// <summary>One stored recording: the rate it was taken at, its length, and its <c>.sigmf-data</c> object.</summary>
public sealed record StoredRecording(int ReceiverId, double SampleRateHz, long SampleCount, string IqUri);
