using Heimdall.Testing;

namespace Heimdall.IntegrationTests;

[TestFixture]
public sealed class MigrationTests
{
    [Test]
    public async Task Applying_the_migrations_twice_Should_apply_each_once_and_leave_the_schema_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var first = await database.MigrateAsync();
        var tables = await database.ScalarAsync<string>("select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_schema = 'public'");
        var second = await database.MigrateAsync();

        Assert.That(first.Known, Is.EqualTo(5));
        Assert.That(first.Applied, Is.EqualTo(first.TimescaleAvailable
            ? new[] { "001_receivers", "002_acquisitions", "003_measurements", "004_timescale" }
            : new[] { "001_receivers", "002_acquisitions", "003_measurements", "005_plain_daily" }));
        Assert.That(second.Applied, Is.Empty);
        Assert.That(await database.ScalarAsync<string>("select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_schema = 'public'"), Is.EqualTo(tables));
        Assert.That(tables, Does.Contain("acquisition_receivers,acquisitions,measurements").And.Contain("receivers").And.Contain("schema_migrations"));
        Assert.That(await database.ScalarAsync<long>("select count(*) from schema_migrations"), Is.EqualTo(5));
        Assert.That(await database.ScalarAsync<long>("select count(*) from receivers where enabled and kind = 'simulated'"), Is.EqualTo(7));
        Assert.That(await database.ScalarAsync<long>("select count(*) from pg_matviews where matviewname = 'measurements_daily'")
                    + await database.ScalarAsync<long>("select count(*) from pg_views where viewname = 'measurements_daily'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_migration_changed_after_it_was_applied_Should_stop_the_run_naming_the_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync("update schema_migrations set checksum = 'deadbeefdeadbeef' where version = 2");

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync());

        Assert.That(error!.Message, Does.Contain("Migration 002_acquisitions was changed after it was applied"));
    }
}
