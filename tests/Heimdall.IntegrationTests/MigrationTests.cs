using Heimdall.Data.Measurements;
using Heimdall.Persistence;
using Heimdall.Persistence.Migrations;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;

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

        Assert.That(first.Known, Is.EqualTo(17));
        Assert.That(first.Applied, Is.EqualTo(first.TimescaleAvailable
            ? new[] { "001_receivers", "002_acquisitions", "003_measurements", "004_timescale", "007_signal_detection_timescale", "008_receivers_timing", "009_maintenance_function", "010_acquisition_captures", "011_read_side_indexes", "012_acquisition_owners", "013_acquisition_requests", "014_scheduled_captures", "015_locations", "016_measurement_basis", "017_measurement_warnings" }
            : new[] { "001_receivers", "002_acquisitions", "003_measurements", "005_plain_daily", "006_signal_detection", "008_receivers_timing", "009_maintenance_function", "010_acquisition_captures", "011_read_side_indexes", "012_acquisition_owners", "013_acquisition_requests", "014_scheduled_captures", "015_locations", "016_measurement_basis", "017_measurement_warnings" }));
        Assert.That(second.Applied, Is.Empty);
        Assert.That(await database.ScalarAsync<string>("select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_schema = 'public'"), Is.EqualTo(tables));
        Assert.That(tables, Does.Contain("acquisition_receivers,acquisition_requests,acquisitions,location_pairs,location_stations,locations,measurements").And.Contain("receivers").And.Contain("schema_migrations"));
        Assert.That(await database.ScalarAsync<long>("select count(*) from schema_migrations"), Is.EqualTo(17));
        Assert.That(await database.ScalarAsync<long>("select count(*) from receivers where enabled and kind = 'simulated'"), Is.EqualTo(7));
        Assert.That(await database.ScalarAsync<long>("select count(*) from pg_matviews where matviewname = 'measurements_daily'")
                    + await database.ScalarAsync<long>("select count(*) from pg_views where viewname = 'measurements_daily'"), Is.EqualTo(1));
        Assert.That(await database.ScalarAsync<long>("select count(*) from pg_matviews where matviewname = 'measurements_daily_detection'")
                    + await database.ScalarAsync<long>("select count(*) from pg_views where viewname = 'measurements_daily_detection'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Upgrading_to_one_writer_per_table_Should_carry_over_how_the_Acquirer_answered_each_request()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await database.MigrateBeforeAsync("012");
        var (rejected, capturing, resumable, finished) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, reasons) values ('{rejected}', 'rejected', '2026-11-01T10:00:00Z', array['frequencyHz is required']);
            insert into acquisitions (acquisition_id, status, requested_at, captured_at, receivers_expected) values
                ('{capturing}', 'capturing', '2026-11-01T10:01:00Z', '2026-11-01T10:01:02Z', 2),
                ('{resumable}', 'capturing', '2026-11-01T10:02:00Z', null, 2);
            insert into acquisitions (acquisition_id, status, requested_at, captured_at, completed_at, receivers_expected) values
                ('{finished}', 'partial', '2026-11-01T10:03:00Z', null, '2026-11-01T10:20:00Z', 2);
            """);

        var upgrade = await database.MigrateAsync();

        Assert.That(upgrade.Applied, Is.EqualTo(new[] { "012_acquisition_owners", "013_acquisition_requests", "014_scheduled_captures", "015_locations", "016_measurement_basis", "017_measurement_warnings" }));
        Assert.That(await database.ScalarAsync<string>($"""
            select string_agg(status || '|' || array_to_string(reasons, ';') || '|' || to_char(claimed_at at time zone 'UTC', 'HH24:MI') || '|'
                              || coalesce(to_char(captured_at at time zone 'UTC', 'HH24:MI:SS'), 'none'), ',' order by claimed_at)
            from acquisition_claims where acquisition_id in ('{rejected}', '{capturing}', '{resumable}', '{finished}')
            """), Is.EqualTo("rejected|frequencyHz is required|10:00|none,accepted||10:01|10:01:02,accepted||10:02|none,accepted||10:03|10:20:00"),
            "a finished acquisition counts as captured, so a late duplicate is still ignored; an open one without captured_at is resumed");
        Assert.That(await database.ScalarAsync<long>("select count(*) from acquisition_completions"), Is.Zero, "earlier completions were published in their transaction");
    }

    [Test]
    public async Task Upgrading_a_database_that_holds_measurements_Should_keep_them_as_detected_and_then_take_no_signal_rows()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var old = await database.MigrateBeforeAsync("006");
        Assert.That(old.Known, Is.EqualTo(5));

        var id = Guid.NewGuid();
        await database.ExecuteAsync($"""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, snr_db,
                                      frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz,
                                      occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512)
            values ('{id}', 1, now() - interval '10 days', 145.5e6, 12000, 6000, 31, -99, -39.5, -99.5, -111, -59, 2001, 0, 's3://b/k', 'ab')
            """);
        var timescale = await database.ScalarAsync<bool>("select exists (select 1 from pg_extension where extname = 'timescaledb')");
        if (timescale)
        {
            // The case the TimescaleDB variant exists for: a chunk already compressed when the migration runs.
            Assert.That(await database.ScalarAsync<long>("select count(compress_chunk(c)) from show_chunks('measurements') c"), Is.EqualTo(1));
        }

        var upgrade = await database.MigrateBeforeAsync("008");

        Assert.That(upgrade.Applied, Is.EqualTo(new[] { timescale ? "007_signal_detection_timescale" : "006_signal_detection" }));
        Assert.That(await database.ScalarAsync<string>($"select signal_detected || '|' || snr_db || '|' || frequency_offset_hz || '|' || occupied_bandwidth_hz from measurements where acquisition_id = '{id}'"),
            Is.EqualTo("true|31|-99|2001"));
        await database.ExecuteAsync($"""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected,
                                      power_dbfs, noise_floor_dbfs_hz, peak_psd_dbfs_hz, clipping_fraction, iq_uri, iq_sha512)
            values ('{id}', 2, now() - interval '10 days', 145.5e6, 12000, 6000, false, -70, -112, -110, 0, 's3://b/k2', 'cd')
            """);
        Assert.That(await database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}' and not signal_detected and snr_db is null"), Is.EqualTo(1));
        var broken = Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.ExecuteAsync($"""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected,
                                      power_dbfs, noise_floor_dbfs_hz, peak_psd_dbfs_hz, clipping_fraction, iq_uri, iq_sha512)
            values ('{id}', 3, now() - interval '10 days', 145.5e6, 12000, 6000, true, -70, -112, -110, 0, 's3://b/k3', 'ef')
            """));
        Assert.That((broken!.SqlState, broken.ConstraintName), Is.EqualTo(("23514", "measurements_signal_metrics_null_rule")),
            "a detected signal without SNR, offset and bandwidth breaks the null rule");
        if (timescale)
        {
            Assert.That(await database.ScalarAsync<bool>("select compression_enabled from timescaledb_information.hypertables where hypertable_name = 'measurements'"), Is.True);
            Assert.That(await database.ScalarAsync<long>("select count(*) from timescaledb_information.jobs where proc_name = 'policy_compression' and hypertable_name = 'measurements'"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Upgrading_a_database_at_016_that_holds_measurements_Should_read_its_rows_with_no_warnings_and_unknown_attempts_and_store_new_ones()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        Assert.That((await database.MigrateBeforeAsync("017")).Applied, Does.Contain("016_measurement_basis"));
        var (old, fresh) = (Guid.NewGuid(), Guid.NewGuid());
        await database.ExecuteAsync($"""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, snr_db,
                                      frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz,
                                      occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512, timing_source, basis)
            values ('{old}', 1, now() - interval '10 days', 145.5e6, 12000, 6000, 31, -99, -39.5, -99.5, -111, -59, 2001, 0, 's3://b/k', 'ab', 'gnss', 'iq')
            """);
        var timescale = await database.ScalarAsync<bool>("select exists (select 1 from pg_extension where extname = 'timescaledb')");
        if (timescale)
        {
            // A chunk already compressed when the migration runs: the columns are added to it as they are (nullable, no default).
            Assert.That(await database.ScalarAsync<long>("select count(compress_chunk(c)) from show_chunks('measurements') c"), Is.EqualTo(1));
        }

        var upgrade = await database.MigrateAsync();

        Assert.That(upgrade.Applied, Is.EqualTo(new[] { "017_measurement_warnings" }));
        Assert.That(await database.ScalarAsync<string>("""
            select string_agg(column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, 'no default'), ',' order by column_name)
            from information_schema.columns where table_name = 'measurements' and column_name in ('warnings', 'attempts')
            """), Is.EqualTo("attempts smallint YES no default,warnings ARRAY YES no default"));
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance));
        await writer.WriteAsync([Captures.IqArchived(fresh, 2) with
        {
            CaptureStartUtc = DateTimeOffset.UtcNow.AddDays(-10), Warnings = ["The capture waited 1.5 s for a channel."], Attempts = 3,
        }], CancellationToken.None);
        if (timescale)
        {
            // The new row went into the compressed chunk (it was decompressed for it, or not, by version): compressed again, it keeps both columns.
            await database.ExecuteAsync("select compress_chunk(c, if_not_compressed => true) from show_chunks('measurements') c");
            Assert.That(await database.ScalarAsync<bool>("select compression_enabled from timescaledb_information.hypertables where hypertable_name = 'measurements'"), Is.True);
        }

        var rows = await new MeasurementQueries(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance)).RecentAsync(
            new RecentMeasurementsQuery { Since = DateTime.UtcNow.AddDays(-11), Limit = 10 }, CancellationToken.None);
        Assert.That(rows.Items.OrderBy(r => r.ReceiverId).Select(r => $"{r.ReceiverId}|{string.Join(";", r.Warnings)}|{r.Attempts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}"),
            Is.EqualTo(new[] { "1||null", "2|The capture waited 1.5 s for a channel.|3" }), "a row stored before 017 reads no warnings and unknown attempts");
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
