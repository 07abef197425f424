using Dapper;
using Npgsql;

namespace Heimdall.Data;

/// <summary>The connection check: the server answers, its version, and whether TimescaleDB is installed.</summary>
public sealed class DatabaseStatus(NpgsqlDataSource dataSource)
{
    public async Task<DatabaseInfo> CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<DatabaseInfo>(new CommandDefinition("""
            select current_setting('server_version') as ServerVersion,
                   (select extversion from pg_extension where extname = 'timescaledb') as TimescaleDbVersion,
                   (select max(version) from schema_migrations where applied) as SchemaVersion
            """, cancellationToken: cancellationToken));
    }
}

public sealed record DatabaseInfo(string ServerVersion, string? TimescaleDbVersion, int? SchemaVersion);
