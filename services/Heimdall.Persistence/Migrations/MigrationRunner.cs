using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Heimdall.Persistence.Migrations;

/// <summary>
/// Applies <c>db/migrations</c> in order, each in its own transaction, recorded in <c>schema_migrations</c> with its
/// checksum. Idempotent: applied files are skipped; a changed applied file stops the run with an error naming it.
/// Concurrent runners (several replicas starting) serialise on an advisory lock. A schema that is up to date needs no
/// privilege beyond reading <c>schema_migrations</c>, so a service connected as a least-privilege role can run it at
/// start; pending migrations need the schema owner, and a role without the rights is told so. With a
/// <see cref="MigrationSettings.ServiceRole"/>, every run grants that role what the services need and nothing more.
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

    public Task<MigrationReport> ApplyAsync(string directory, CancellationToken cancellationToken) =>
        ApplyAsync(directory, new MigrationSettings(), cancellationToken);

    public async Task<MigrationReport> ApplyAsync(string directory, MigrationSettings settings, CancellationToken cancellationToken)
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
            var timescale = await TimescaleDetection.DecideAsync(connection, settings.Timescale, cancellationToken);
            var recorded = await RecordedAsync(connection, cancellationToken);
            foreach (var migration in migrations.Where(m => recorded.ContainsKey(m.Version)))
            {
                var checksum = recorded[migration.Version];
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:000}_{migration.Name} was changed after it was applied (checksum {checksum[..12]}… in the database, {migration.Checksum[..12]}… on disk). Add a new migration instead.");
                }
            }

            var pending = migrations.Where(m => !recorded.ContainsKey(m.Version)).ToList();
            var applied = new List<string>();
            if (pending.Count > 0)
            {
                await ApplyPendingAsync(connection, pending, timescale, applied, cancellationToken);
            }

            if (settings.ServiceRole is { } serviceRole)
            {
                await ServiceRoleGrants.ApplyAsync(connection, serviceRole, cancellationToken);
            }

            return new MigrationReport(timescale, migrations.Count, applied);
        }
        finally
        {
            // Not cancelled: the lock must be released even when the run was.
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    private async Task ApplyPendingAsync(NpgsqlConnection connection, List<Migration> pending, bool timescale, List<string> applied, CancellationToken cancellationToken)
    {
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
            foreach (var migration in pending)
            {
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
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege)
        {
            var names = string.Join(", ", pending.Where(m => !applied.Contains($"{m.Version:000}_{m.Name}")).Select(m => $"{m.Version:000}_{m.Name}"));
            throw new InvalidOperationException(
                $"Migrations pending ({names}) need privileges that role '{connection.UserName}' lacks ({ex.MessageText}). " +
                "Apply them as the schema owner: `Heimdall.MetricsWriter migrate` with ConnectionStrings:Heimdall naming the owner; the services may then connect as their own role.",
                ex);
        }
    }

    /// <summary>Version → checksum of every recorded migration; empty on a fresh database (no <c>schema_migrations</c> yet).</summary>
    private static async Task<Dictionary<int, string>> RecordedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select to_regclass('schema_migrations') is not null", cancellationToken: cancellationToken));
        if (!exists)
        {
            return [];
        }

        return (await connection.QueryAsync<(int Version, string Checksum)>(
                new CommandDefinition("select version, checksum from schema_migrations", cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Version, r => r.Checksum);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Migration {Version:000}_{Name} {Outcome}")]
    private static partial void LogMigration(ILogger logger, int version, string name, string outcome);
}

/// <summary>What the runner knew and did.</summary>
public sealed record MigrationReport(bool TimescaleAvailable, int Known, IReadOnlyList<string> Applied);

/// <summary>
/// <see cref="Timescale"/>: whether to use TimescaleDB; <see cref="ServiceRole"/>: the role the services connect as, to
/// grant what they need after every run (null: grant nothing).
/// </summary>
public sealed record MigrationSettings(TimescaleMode Timescale = TimescaleMode.Auto, string? ServiceRole = null);

/// <summary>Whether migrations use TimescaleDB.</summary>
public enum TimescaleMode
{
    /// <summary>When it is installed in the database, or installable and its library preloaded.</summary>
    Auto,

    /// <summary>Never: plain PostgreSQL tables even where TimescaleDB could be used.</summary>
    Off,

    /// <summary>Always: fail when TimescaleDB cannot be used.</summary>
    Required,
}
