using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Heimdall.Persistence.Migrations;

/// <summary>
/// Applies <c>db/migrations</c> in order, each in its own transaction, recorded in <c>schema_migrations</c> with its
/// checksum. Idempotent: applied files are skipped; a changed applied file stops the run with an error naming it.
/// Concurrent runners (several replicas starting) serialise on an advisory lock.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x4865_696d_6461_6c6c; // "Heimdall"

    /// <summary>The first connection of a MetricsWriter: a TLS failure on the server's certificate says what to set.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (DatabaseTls.IsHandshakeFailure(ex))
        {
            throw new InvalidOperationException(DatabaseTls.Describe(ex, dataSource.ConnectionString), ex);
        }
    }

    public async Task<MigrationReport> ApplyAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Migrations folder '{Path.GetFullPath(directory)}' does not exist.");
        }

        var migrations = Directory.GetFiles(directory, "*.sql").Select(Migration.Load).OrderBy(m => m.Version).ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                create table if not exists schema_migrations (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied    boolean not null,
                    applied_at timestamptz not null default now()
                )
                """, cancellationToken: cancellationToken));
            // TimescaleDB is used when it is installed in this database, or installable and its loader preloaded. The loader
            // defines timescaledb.max_background_workers when it is in shared_preload_libraries, a setting any role may read
            // (shared_preload_libraries itself needs superuser or pg_read_all_settings).
            var timescale = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                """
                select exists (select 1 from pg_extension where extname = 'timescaledb')
                    or (exists (select 1 from pg_available_extensions where name = 'timescaledb')
                        and current_setting('timescaledb.max_background_workers', true) is not null)
                """, cancellationToken: cancellationToken));
            var recorded = (await connection.QueryAsync<(int Version, string Checksum)>(
                    new CommandDefinition("select version, checksum from schema_migrations", cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Version, r => r.Checksum);

            var applied = new List<string>();
            foreach (var migration in migrations)
            {
                if (recorded.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:000}_{migration.Name} was changed after it was applied (checksum {checksum[..12]}… in the database, {migration.Checksum[..12]}… on disk). Add a new migration instead.");
                    }

                    continue;
                }

                var run = migration.AppliesTo(timescale);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (run)
                {
                    await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, commandTimeout: 600, cancellationToken: cancellationToken));
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into schema_migrations (version, name, checksum, applied) values (@Version, @Name, @Checksum, @run)",
                    new { migration.Version, migration.Name, migration.Checksum, run }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                LogMigration(logger, migration.Version, migration.Name, run ? "applied" : "skipped (condition not met)");
                if (run)
                {
                    applied.Add($"{migration.Version:000}_{migration.Name}");
                }
            }

            return new MigrationReport(timescale, migrations.Count, applied);
        }
        finally
        {
            // Not cancelled: the lock must be released even when the run was.
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Migration {Version:000}_{Name} {Outcome}")]
    private static partial void LogMigration(ILogger logger, int version, string name, string outcome);
}

public sealed record MigrationReport(bool TimescaleAvailable, int Known, IReadOnlyList<string> Applied);
