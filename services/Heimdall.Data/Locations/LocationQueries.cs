using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Locations;

/// <summary>The read side of <c>locations</c>: one acquisition's estimate, and the recent ones in a time window.</summary>
public sealed class LocationQueries(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>The acquisition's stored location, or null when the Locator has stored none.</summary>
    public Task<StoredLocation?> FindAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<StoredLocation>(new CommandDefinition(
                $"select {StoredLocation.Columns} from locations where acquisition_id = @acquisitionId", new { acquisitionId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Locations stored in [from, to), newest first (by <c>located_at</c>, then acquisition id), at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<StoredLocation>> RecentAsync(DateTime from, DateTime to, int limit, CancellationToken cancellationToken) =>
        retry.ExecuteAsync<IReadOnlyList<StoredLocation>>(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<StoredLocation>(new CommandDefinition($"""
                select {StoredLocation.Columns} from locations
                where located_at >= @from and located_at < @to
                order by located_at desc, acquisition_id desc
                limit @limit
                """, new { from, to, limit }, cancellationToken: ct));
            return rows.AsList();
        }, cancellationToken).AsTask();
}
