using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Persistence;
using Heimdall.Persistence.Migrations;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The services connect as a role of their own (HEIMDALL_TEST_POSTGRES_SERVICE_ROLE; heimdall_app on the local stack),
/// granted row access by the migrations run as the schema owner, and nothing more.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LeastPrivilegeTests
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _service = null!;

    [OneTimeSetUp]
    public async Task Migrate()
    {
        _database = await TestDatabase.CreateAsync();
        _service = NpgsqlDataSource.Create((await TestEndpoints.GetAsync()).ServiceRoleConnectionString(_database.Name));
    }

    [OneTimeTearDown]
    public async Task Drop()
    {
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task The_service_role_Should_be_no_superuser_create_no_database_or_role_and_own_nothing()
    {
        var role = TestEndpoints.ServiceRoleName!;
        Assert.That(await _database.ScalarAsync<string>($"select rolsuper || ',' || rolcreatedb || ',' || rolcreaterole || ',' || rolreplication from pg_roles where rolname = '{role}'"),
            Is.EqualTo("false,false,false,false"));
        Assert.That(await _database.ScalarAsync<long>($"select count(*) from pg_class where relowner = (select oid from pg_roles where rolname = '{role}')"), Is.Zero);
    }

    [TestCase("create table intruder (id integer)", TestName = "The_service_role_Should_be_refused_create_table")]
    [TestCase("alter table measurements add column intruder integer", TestName = "The_service_role_Should_be_refused_alter_table")]
    [TestCase("drop table acquisitions", TestName = "The_service_role_Should_be_refused_drop_table")]
    [TestCase("create index intruder on measurements (power_dbfs)", TestName = "The_service_role_Should_be_refused_create_index")]
    [TestCase("truncate measurements", TestName = "The_service_role_Should_be_refused_truncate")]
    public async Task Ddl(string statement)
    {
        await using var command = _service.CreateCommand(statement);
        var refused = Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.That(refused!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), refused.MessageText);
    }

    [Test]
    public async Task The_service_role_Should_claim_store_complete_and_run_the_maintenance()
    {
        var retry = new DatabaseRetry(NullLogger<DatabaseRetry>.Instance);
        var id = Guid.NewGuid();
        var claims = new AcquisitionClaims(_service, retry);
        var claimedAt = await claims.RecordAcceptedAsync(id, CancellationToken.None);
        await claims.RecordReportedAsync(id, 1, "captured", "aa", CancellationToken.None);
        await claims.MarkCapturedAsync(id, DateTimeOffset.UtcNow, CancellationToken.None);
        var ledger = new AcquisitionLedger(_service, retry);
        await ledger.RecordStartedAsync(new StartedAcquisition(id, [1, 2], 145.5e6, null, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
            claimedAt, "tests", DateTimeOffset.UtcNow.AddMinutes(15)), CancellationToken.None);
        var stored = await new MeasurementWriter(_service, retry).WriteAsync([Captures.IqArchived(id, 1), Captures.IqArchived(id, 2)], CancellationToken.None);
        var completed = await ledger.TryCompleteAsync(id, CancellationToken.None);
        await ledger.MarkPublishedAsync(id, CancellationToken.None);

        var old = Captures.IqArchived(Guid.NewGuid(), 3) with { CaptureStartUtc = DateTimeOffset.UtcNow.AddDays(-40) };
        await new MeasurementWriter(_service, retry).WriteAsync([old], CancellationToken.None);
        var deleted = await new MeasurementMaintenance(_service).RunAsync(30, CancellationToken.None);

        Assert.That(completed?.Status, Is.EqualTo("completed"));
        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.That(await _database.ScalarAsync<string>($"select status from acquisitions where acquisition_id = '{id}'"), Is.EqualTo("completed"));
        Assert.That(await _database.ScalarAsync<bool>($"select published_at is not null from acquisition_completions where acquisition_id = '{id}'"), Is.True);
        Assert.That(deleted, TestDatabase.Variant == TimescaleMode.Required ? Is.Null : Is.EqualTo(1),
            "plain PostgreSQL deletes the 40-day-old row now; on TimescaleDB the retention policy's job does");
    }

    [Test]
    public async Task The_migration_runner_as_the_service_role_Should_pass_an_up_to_date_schema_and_name_pending_migrations_otherwise()
    {
        var runner = new MigrationRunner(_service, NullLogger<MigrationRunner>.Instance);
        var settings = TestDatabase.MigrationSettings with { ServiceRole = TestEndpoints.ServiceRoleName };

        var upToDate = await runner.ApplyAsync(RepositoryPaths.Migrations, settings, CancellationToken.None);
        Assert.That(upToDate.Applied, Is.Empty);

        var folder = Directory.CreateTempSubdirectory("heimdall-migrations-");
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryPaths.Migrations, "*.sql"))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "900_needs_the_owner.sql"), "create table needs_the_owner (id integer);\n");
            var error = Assert.ThrowsAsync<InvalidOperationException>(() => runner.ApplyAsync(folder.FullName, settings, CancellationToken.None));
            Assert.That(error!.Message, Does.StartWith($"Migrations pending (900_needs_the_owner) need privileges that role '{TestEndpoints.ServiceRoleName}' lacks")
                .And.Contain("as the schema owner"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
