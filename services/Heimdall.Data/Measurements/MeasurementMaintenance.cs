using Dapper;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// Retention and the daily aggregates. TimescaleDB: sets the retention policy (its jobs do the rest). Plain PostgreSQL:
/// deletes older rows and refreshes <c>measurements_daily</c> and <c>measurements_daily_detection</c>.
/// </summary>
public sealed class MeasurementMaintenance(NpgsqlDataSource dataSource)
{
    /// <summary>The plain-PostgreSQL daily views (continuous aggregates with refresh policies on TimescaleDB).</summary>
    private static readonly string[] DailyViews = ["measurements_daily", "measurements_daily_detection"];

    /// <summary>Applies the retention of <paramref name="retentionDays"/>; the rows deleted now (null on TimescaleDB, where a policy deletes them).</summary>
    public async Task<int?> RunAsync(int retentionDays, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var timescale = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from pg_extension where extname = 'timescaledb')", cancellationToken: cancellationToken));
        if (timescale)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                select remove_retention_policy('measurements', if_exists => true);
                select add_retention_policy('measurements', make_interval(days => @retentionDays));
                """, new { retentionDays }, cancellationToken: cancellationToken));
            return null;
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "delete from measurements where captured_at < now() - make_interval(days => @retentionDays)",
            new { retentionDays }, commandTimeout: 600, cancellationToken: cancellationToken));
        foreach (var view in DailyViews)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"refresh materialized view concurrently {view}", commandTimeout: 600, cancellationToken: cancellationToken));
        }

        return deleted;
    }
}
