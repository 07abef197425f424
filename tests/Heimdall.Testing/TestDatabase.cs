using Heimdall.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Heimdall.Testing;

/// <summary>A fresh database (migrations applied unless asked otherwise), dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var endpoints = await TestEndpoints.GetAsync();
        var name = "heimdall_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(endpoints.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(endpoints.Postgres, name, new NpgsqlConnectionStringBuilder(endpoints.Postgres) { Database = name }.ConnectionString);
        if (migrate)
        {
            await database.MigrateAsync();
        }

        return database;
    }

    public Task<MigrationReport> MigrateAsync() =>
        new MigrationRunner(DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(RepositoryPaths.Migrations, MigrationSettings, CancellationToken.None);

    /// <summary>Applies only the migrations numbered below <paramref name="version"/>: the schema as a release before it left it.</summary>
    public async Task<MigrationReport> MigrateBeforeAsync(string version)
    {
        var before = Directory.CreateTempSubdirectory("heimdall-migrations-");
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryPaths.Migrations, "*.sql").Where(f => string.CompareOrdinal(Path.GetFileName(f), version) < 0))
            {
                File.Copy(file, Path.Combine(before.FullName, Path.GetFileName(file)));
            }

            return await new MigrationRunner(DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(before.FullName, MigrationSettings, CancellationToken.None);
        }
        finally
        {
            before.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The variant under test, from HEIMDALL_TEST_DATABASE_VARIANT: <c>timescaledb</c> (TimescaleDB required), <c>plain</c>
    /// (TimescaleDB off even where the server has it), or unset (whatever the server offers). `./heimdall test` runs the
    /// database-facing tests once per variant.
    /// </summary>
    public static TimescaleMode Variant => Environment.GetEnvironmentVariable("HEIMDALL_TEST_DATABASE_VARIANT") switch
    {
        null or "" => TimescaleMode.Auto,
        "timescaledb" => TimescaleMode.Required,
        "plain" => TimescaleMode.Off,
        var other => throw new InvalidOperationException($"HEIMDALL_TEST_DATABASE_VARIANT must be timescaledb or plain, not '{other}'."),
    };

    /// <summary>The migration settings of the variant under test, granting the service role when the stack has one.</summary>
    public static MigrationSettings MigrationSettings => new(Variant, TestEndpoints.ServiceRoleName);

    /// <summary>
    /// On TimescaleDB, holds the retention policy: the scheduler runs it once on its own soon after it is added, and a
    /// run that comes late (background workers are few) would drop rows a test seeded older than the retention. A test
    /// that wants the policy to run starts it itself (<c>alter_job(…, next_start => now())</c>). Nothing without TimescaleDB.
    /// </summary>
    public async Task HoldRetentionPolicyAsync()
    {
        if (await ScalarAsync<bool>("select exists (select from pg_extension where extname = 'timescaledb')"))
        {
            await ExecuteAsync("select alter_job(job_id, next_start => 'infinity') from timescaledb_information.jobs where proc_name = 'policy_retention'");
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Drops the database. A TimescaleDB job may still be running in it in a worker that FORCE may not terminate (42501):
    /// it ends within seconds, so the drop is tried again rather than leaving a database (and its job scheduler, which
    /// takes one of the server's few background workers) behind.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 30 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(500);
            }
        }
    }
}
