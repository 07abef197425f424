using Dapper;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>Deletes measurements older than a number of days, on demand (the MetricsWriter's retention runs on its own).</summary>
public sealed class MeasurementRetention(NpgsqlDataSource dataSource)
{
    /// <summary>Deletes the rows captured more than <paramref name="days"/> days ago; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from measurements where captured_at < now() - make_interval(days => @days)",
            new { days }, commandTimeout: 600, cancellationToken: cancellationToken));
    }
}
