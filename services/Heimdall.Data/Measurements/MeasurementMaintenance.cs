using Dapper;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// Retention and the daily aggregates, through <c>heimdall_apply_retention</c> (migration 009, a <c>security definer</c>
/// function of the schema owner, so a least-privilege service role may run it). TimescaleDB: sets the retention policy
/// (its jobs do the rest). Plain PostgreSQL: deletes older rows and refreshes <c>measurements_daily</c> and
/// <c>measurements_daily_detection</c>.
/// </summary>
public sealed class MeasurementMaintenance(NpgsqlDataSource dataSource)
{
    /// <summary>Applies the retention of <paramref name="retentionDays"/>; the rows deleted now (null on TimescaleDB, where a policy deletes them).</summary>
    public async Task<long?> RunAsync(int retentionDays, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select heimdall_apply_retention(@retentionDays)", new { retentionDays }, commandTimeout: 600, cancellationToken: cancellationToken));
    }
}
