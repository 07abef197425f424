using System.Diagnostics.Metrics;
using Heimdall.Data.Measurements;
using Heimdall.MetricsWriter;
using Heimdall.MetricsWriter.Maintenance;
using Heimdall.Persistence;
using Heimdall.Persistence.Migrations;
using Heimdall.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.IntegrationTests;

/// <summary>
/// What the TimescaleDB migrations promise, on a real TimescaleDB: the hypertable, and policies whose background jobs run
/// through TimescaleDB's own scheduler (not <c>run_job</c>), do their work and are recorded as succeeding. These run in the
/// timescaledb pass of `./heimdall test`; the plain pass has its counterparts in <see cref="PlainPostgresMaintenanceTests"/>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TimescaleDbTests
{
    private const int Receivers = 7;
    private const int Days = 40;

    [SetUp]
    public void OnTimescaleDbOnly()
    {
        if (TestDatabase.Variant != TimescaleMode.Required)
        {
            Assert.Ignore("TimescaleDB behaviour: runs in the timescaledb pass (HEIMDALL_TEST_DATABASE_VARIANT=timescaledb).");
        }
    }

    [Test]
    public async Task The_measurements_table_Should_be_a_hypertable_on_captured_at_with_one_day_chunks()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedHourlyAsync(database, Days);

        Assert.That(await database.ScalarAsync<string>(
                "select column_name || ' ' || time_interval from timescaledb_information.dimensions where hypertable_name = 'measurements'"),
            Is.EqualTo("captured_at 1 day"));
        // Hourly rows from 40 days ago to now cover 41 calendar days (UTC midnights are chunk boundaries).
        Assert.That(await database.ScalarAsync<long>("select count(*) from show_chunks('measurements')"), Is.EqualTo(Days + 1));
    }

    [Test]
    public async Task The_compression_policy_Should_compress_exactly_the_chunks_older_than_seven_days_segmented_by_receiver()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedHourlyAsync(database, Days);

        var status = await RunJobAsync(database, "policy_compression", "measurements");

        // Due as the job saw it when it began (a UTC midnight may pass between now and then).
        var due = await database.ScalarAsync<long>("""
            select count(*) from timescaledb_information.chunks
            where hypertable_name = 'measurements'
              and range_end <= (select s.last_run_started_at from timescaledb_information.job_stats s
                                join timescaledb_information.jobs j using (job_id)
                                where j.proc_name = 'policy_compression' and j.hypertable_name = 'measurements') - interval '7 days'
            """);

        Assert.That(status, Is.EqualTo("Success"));
        Assert.That(await database.ScalarAsync<long>(
                "select count(*) from timescaledb_information.chunks where hypertable_name = 'measurements' and is_compressed"),
            Is.EqualTo(due));
        Assert.That(await database.ScalarAsync<long>(
                "select count(*) from timescaledb_information.chunks where hypertable_name = 'measurements' and is_compressed and range_end > now() - interval '7 days'"),
            Is.Zero, "no chunk younger than 7 days is compressed");
        Assert.That(await database.ScalarAsync<string>(
                "select string_agg(attname || ':' || coalesce(segmentby_column_index::text, '') || ':' || coalesce(orderby_column_index::text, '') || ':' || coalesce(orderby_asc::text, ''), ',' order by attname) from timescaledb_information.compression_settings where hypertable_name = 'measurements'"),
            Is.EqualTo("captured_at::1:false,receiver_id:1::"));
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(Receivers * ((Days * 24) + 1)), "compression keeps every row");
    }

    [Test]
    public async Task The_retention_policy_Should_drop_the_chunks_older_than_thirty_days()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedHourlyAsync(database, Days);

        var status = await RunJobAsync(database, "policy_retention", "measurements");

        Assert.That(status, Is.EqualTo("Success"));
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements where captured_at < now() - interval '31 days'"), Is.Zero);
        Assert.That(await database.ScalarAsync<long>(
                "select count(*) from timescaledb_information.chunks where hypertable_name = 'measurements' and range_end <= now() - interval '30 days'"),
            Is.Zero);
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements where captured_at > now() - interval '29 days'"),
            Is.EqualTo(Receivers * 29 * 24), "rows younger than the retention stay");
    }

    [Test]
    public async Task The_retention_function_Should_replace_the_policy_only_when_the_retention_changes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var job = await database.ScalarAsync<int>("select job_id from timescaledb_information.jobs where proc_name = 'policy_retention'");

        var same = await new MeasurementMaintenance(database.DataSource).RunAsync(30, CancellationToken.None);
        Assert.That(same, Is.Null, "TimescaleDB deletes by policy, so nothing is deleted now");
        Assert.That(await database.ScalarAsync<int>("select job_id from timescaledb_information.jobs where proc_name = 'policy_retention'"), Is.EqualTo(job));

        await new MeasurementMaintenance(database.DataSource).RunAsync(12, CancellationToken.None);
        Assert.That(await database.ScalarAsync<string>("select config ->> 'drop_after' from timescaledb_information.jobs where proc_name = 'policy_retention'"),
            Is.EqualTo("12 days"));
        Assert.That(await database.ScalarAsync<long>("select count(*) from timescaledb_information.jobs where proc_name = 'policy_retention'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Both_daily_aggregates_Should_be_refreshed_by_their_policies_over_the_last_three_days()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedHourlyAsync(database, Days);

        Assert.That(await RunJobAsync(database, "policy_refresh_continuous_aggregate", "measurements_daily"), Is.EqualTo("Success"));
        Assert.That(await RunJobAsync(database, "policy_refresh_continuous_aggregate", "measurements_daily_detection"), Is.EqualTo("Success"));

        // The window is [now - 3 days, now - 1 hour): the days wholly inside it are materialized; the partial day at its start
        // is not (an earlier run covered it while it was whole), nor is today.
        var window = "day >= now() - interval '3 days' and day + interval '1 day' <= now() - interval '1 hour'";
        var expected = await database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '@' || to_char(day, 'MM-DD') || '=' || n, ',' order by day, receiver_id)
            from (select time_bucket('1 day', captured_at) as day, receiver_id, count(*) as n from measurements group by 1, 2) raw
            where {window}
            """);
        Assert.That(await database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '@' || to_char(day, 'MM-DD') || '=' || measurement_count, ',' order by day, receiver_id)
            from measurements_daily where {window}
            """), Is.EqualTo(expected));
        Assert.That(await database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '@' || to_char(day, 'MM-DD') || '=' || detected_count, ',' order by day, receiver_id)
            from measurements_daily_detection where {window}
            """), Is.EqualTo(expected), "every seeded capture held a signal");
    }

    [Test]
    public async Task A_one_off_refresh_from_NULL_to_NULL_Should_fill_every_day_including_the_one_three_days_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedHourlyAsync(database, 10);

        await database.ExecuteAsync("call refresh_continuous_aggregate('measurements_daily_detection', NULL, NULL)");

        Assert.That(await database.ScalarAsync<long>("select count(distinct day) from measurements_daily_detection"), Is.EqualTo(11));
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements_daily_detection where day = time_bucket('1 day', now() - interval '3 days')"),
            Is.EqualTo(Receivers));
    }

    [Test]
    public async Task Writing_a_batch_again_into_a_compressed_chunk_with_new_rows_Should_neither_lose_nor_double_a_row()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance));
        var old = Enumerable.Range(0, 50).Select(i => Captures.IqArchived(Guid.NewGuid(), (i % Receivers) + 1) with
        {
            CaptureStartUtc = DateTimeOffset.UtcNow.AddDays(-10).AddMinutes(i),
        }).ToList();
        Assert.That(await writer.WriteAsync(old, CancellationToken.None), Has.Count.EqualTo(50));
        Assert.That(await database.ScalarAsync<long>("select count(compress_chunk(c)) from show_chunks('measurements', older_than => interval '7 days') c"),
            Is.GreaterThanOrEqualTo(1));

        var fresh = Enumerable.Range(0, 20).Select(i => Captures.IqArchived(Guid.NewGuid(), (i % Receivers) + 1) with
        {
            CaptureStartUtc = DateTimeOffset.UtcNow.AddDays(-10).AddMinutes(100 + i),
        }).ToList();
        var stored = await writer.WriteAsync([.. old, .. fresh, .. old.Take(10)], CancellationToken.None);

        Assert.That(stored.Select(s => s.AcquisitionId).Order(), Is.EqualTo(fresh.Select(f => f.AcquisitionId).Order()), "only the new captures are stored");
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(70));
        Assert.That(await database.ScalarAsync<long>("select count(*) from (select acquisition_id, receiver_id from measurements group by 1, 2 having count(*) > 1) d"), Is.Zero);
        Assert.That(await database.ScalarAsync<long>("select count(*) from acquisition_receivers"), Is.EqualTo(70));
    }

    [Test]
    public async Task Upgrading_a_populated_database_with_compressed_chunks_Should_keep_data_constraint_nullability_and_policies()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        Assert.That((await database.MigrateBeforeAsync("006")).Applied, Does.Contain("004_timescale"));
        await database.ExecuteAsync($"""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, snr_db,
                                      frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz,
                                      occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512)
            select gen_random_uuid(), (i % {Receivers}) + 1, now() - i * interval '1 hour', 145.5e6, 12000, 12000, 20 + (i % 13), -(i % 50),
                   -40, -100, -110, -60, 2000, 0, 's3://b/' || i, md5(i::text)
            from generate_series(0, 20 * 24) i
            """);
        var compressed = await database.ScalarAsync<long>("select count(compress_chunk(c)) from show_chunks('measurements', older_than => interval '8 days') c");
        Assert.That(compressed, Is.GreaterThanOrEqualTo(10));
        var before = await database.ScalarAsync<string>("select count(*) || '|' || sum(snr_db) || '|' || sum(frequency_offset_hz) from measurements");

        var upgrade = await database.MigrateAsync();

        Assert.That(upgrade.Applied, Is.EqualTo(new[] { "007_signal_detection_timescale", "008_receivers_timing", "009_maintenance_function", "010_acquisition_captures", "011_read_side_indexes", "012_acquisition_owners", "013_acquisition_requests", "014_scheduled_captures", "015_locations", "016_measurement_basis", "017_measurement_warnings" }));
        Assert.That(await database.ScalarAsync<string>("select count(*) || '|' || sum(snr_db) || '|' || sum(frequency_offset_hz) from measurements"), Is.EqualTo(before));
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements where not signal_detected or timing_source is not null"), Is.Zero,
            "old rows read as detected, with no timing source");
        Assert.That(await database.ScalarAsync<string>("""
            select string_agg(column_name || '=' || is_nullable, ',' order by column_name) from information_schema.columns
            where table_name = 'measurements' and column_name in ('snr_db', 'frequency_offset_hz', 'occupied_bandwidth_hz', 'signal_detected', 'timing_source')
            """), Is.EqualTo("frequency_offset_hz=YES,occupied_bandwidth_hz=YES,signal_detected=NO,snr_db=YES,timing_source=YES"));
        Assert.That(await database.ScalarAsync<long>("select count(*) from pg_constraint where conname = 'measurements_signal_metrics_null_rule' and conrelid = 'measurements'::regclass"), Is.EqualTo(1));
        Assert.That(await database.ScalarAsync<string>("""
            select string_agg(proc_name || ':' || coalesce(hypertable_name, ''), ',' order by proc_name, hypertable_name)
            from timescaledb_information.jobs where job_id >= 1000
            """), Is.EqualTo("policy_compression:measurements,policy_refresh_continuous_aggregate:measurements_daily,policy_refresh_continuous_aggregate:measurements_daily_detection,policy_retention:measurements"));
        // The chunks 007 decompressed are compressed again by the policy, now with the new columns stored in them.
        Assert.That(await RunJobAsync(database, "policy_compression", "measurements"), Is.EqualTo("Success"));
        Assert.That(await database.ScalarAsync<long>(
                "select count(*) from timescaledb_information.chunks where hypertable_name = 'measurements' and is_compressed"),
            Is.GreaterThanOrEqualTo(compressed));
        Assert.That(await database.ScalarAsync<string>("select count(*) || '|' || sum(snr_db) || '|' || sum(frequency_offset_hz) from measurements"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_job_whose_last_run_failed_Should_show_in_the_gauge_the_log_and_the_readiness_detail()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync("""
            create procedure heimdall_test_failing_job(job_id integer, config jsonb) language plpgsql as $$
            begin
                raise exception 'injected failure';
            end $$;
            select add_job('heimdall_test_failing_job', '1 day', initial_start => now() + interval '1 day');
            """);
        Assert.That(await RunJobAsync(database, "heimdall_test_failing_job", null), Is.EqualTo("Failed"));
        using var telemetry = new MetricsWriterTelemetry();
        var monitor = new TimescaleJobMonitor(new TimescaleJobs(database.DataSource), telemetry,
            Microsoft.Extensions.Options.Options.Create(new MetricsWriterOptions()), NullLogger<TimescaleJobMonitor>.Instance);
        telemetry.ObserveTimescaleJobs(() => monitor.Latest);

        await monitor.CheckOnceAsync(CancellationToken.None);

        var failing = monitor.Latest.Where(j => j.Failing).ToList();
        Assert.That(failing.Select(j => j.Procedure), Is.EqualTo(new[] { "heimdall_test_failing_job" }));
        var gauge = new Dictionary<string, int>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "heimdall.timescaledb.jobs.failing")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((_, value, tags, _) => gauge[(string)tags.ToArray().Single(t => t.Key == "job").Value!] = value);
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.That(gauge.Where(g => g.Value == 1).Select(g => g.Key), Is.EqualTo(new[] { failing[0].Name }));
        Assert.That(gauge.Where(g => g.Value == 0).Select(g => g.Key), Has.Some.StartsWith("Columnstore Policy [").And.Some.StartsWith("Retention Policy ["),
            "the jobs that succeed are reported as 0");
        var health = await new TimescaleJobsHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext());
        Assert.That(health.Status, Is.EqualTo(HealthStatus.Healthy), "a failing job does not take the writer out of service");
        Assert.That(health.Description, Does.Contain($"failed their last run: job {failing[0].JobId} '{failing[0].Name}' (heimdall_test_failing_job)"));
    }

    [Test]
    public async Task Converting_a_plain_database_Should_give_the_TimescaleDB_layout_and_keep_every_row()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(RepositoryPaths.Migrations, new MigrationSettings(TimescaleMode.Off), CancellationToken.None);
        await SeedHourlyAsync(database, Days);
        var before = await database.ScalarAsync<string>("select count(*) || '|' || sum(snr_db) || '|' || sum(frequency_offset_hz) from measurements");

        await database.ExecuteAsync(PsqlScript.Read(Path.Combine(RepositoryPaths.Root, "db", "convert", "plain-to-timescaledb.sql")));
        await database.ExecuteAsync("call refresh_continuous_aggregate('measurements_daily', null, null)");
        await database.ExecuteAsync("call refresh_continuous_aggregate('measurements_daily_detection', null, null)");

        Assert.That(await database.ScalarAsync<string>("select count(*) || '|' || sum(snr_db) || '|' || sum(frequency_offset_hz) from measurements"), Is.EqualTo(before));
        Assert.That(await database.ScalarAsync<long>("select count(*) from show_chunks('measurements')"), Is.EqualTo(Days + 1));
        Assert.That(await database.ScalarAsync<string>(
                "select string_agg(attname || ':' || coalesce(segmentby_column_index::text, '') || ':' || coalesce(orderby_column_index::text, '') || ':' || coalesce(orderby_asc::text, ''), ',' order by attname) from timescaledb_information.compression_settings where hypertable_name = 'measurements'"),
            Is.EqualTo("captured_at::1:false,receiver_id:1::"));
        Assert.That(await database.ScalarAsync<string>("""
            select string_agg(proc_name || ':' || coalesce(hypertable_name, ''), ',' order by proc_name, hypertable_name)
            from timescaledb_information.jobs where job_id >= 1000
            """), Is.EqualTo("policy_compression:measurements,policy_refresh_continuous_aggregate:measurements_daily,policy_refresh_continuous_aggregate:measurements_daily_detection,policy_retention:measurements"));
        Assert.That(await database.ScalarAsync<long>("select sum(measurement_count) from measurements_daily"), Is.EqualTo(Receivers * ((Days * 24) + 1)));
        Assert.That(await database.ScalarAsync<long>("select sum(detected_count) from measurements_daily_detection"), Is.EqualTo(Receivers * ((Days * 24) + 1)));
        await using var fresh = await TestDatabase.CreateAsync();
        const string Columns = "select string_agg(table_name || '.' || column_name || ':' || data_type, ',' order by table_name, ordinal_position) from information_schema.columns where table_name in ('measurements', 'measurements_daily', 'measurements_daily_detection')";
        Assert.That(await database.ScalarAsync<string>(Columns), Is.EqualTo(await fresh.ScalarAsync<string>(Columns)), "the same columns as a database made on TimescaleDB");

        var again = await database.MigrateAsync();
        Assert.That(again.Applied, Is.Empty);
        Assert.That(again.TimescaleAvailable, Is.True);
        Assert.That(await new MeasurementMaintenance(database.DataSource).RunAsync(30, CancellationToken.None), Is.Null, "retention is now a policy");
    }

    /// <summary>Hourly rows for every receiver from <paramref name="days"/> days ago to now (7 × (24 × days + 1)).</summary>
    private static async Task SeedHourlyAsync(TestDatabase database, int days)
    {
        await database.HoldRetentionPolicyAsync();
        await database.ExecuteAsync($"""
        insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected,
                                  snr_db, frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz,
                                  occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512, timing_source)
        select a.id, r, a.t, 145.5e6, 12000, 12000, true, 20 + r, -r, -40, -100, -110, -60, 2000, 0,
               's3://b/acquisitions/' || a.id || '/' || r || '.sigmf-data', md5(a.id::text || r), 'host-clock'
        from (select gen_random_uuid() as id, now() - h * interval '1 hour' as t from generate_series(0, {days} * 24) h) a
        cross join generate_series(1, {Receivers}) r
        """);
    }

    /// <summary>
    /// Lets TimescaleDB's scheduler run the job now (as its background worker does on schedule, not <c>run_job</c> in this
    /// session) and returns its recorded last-run status once the run is counted.
    /// </summary>
    private static async Task<string?> RunJobAsync(TestDatabase database, string procedure, string? hypertable)
    {
        var filter = $"proc_name = '{procedure}'" + (hypertable is null ? "" : $" and hypertable_name = '{hypertable}'");
        var job = await database.ScalarAsync<int>($"select job_id from timescaledb_information.jobs where {filter}");
        // A run is counted when it starts and its status recorded when it ends: wait for one that started after this request
        // and has a status (a policy also runs once on its own when it is added).
        var requested = await database.ScalarAsync<DateTime>($"select now() from alter_job({job}, next_start => now())");
        await Eventually.Get(() => database.ScalarAsync<bool>($"""
                select coalesce((select last_run_status is not null and last_run_started_at >= '{requested:O}'::timestamptz
                                 from timescaledb_information.job_stats where job_id = {job}), false)
                """), done => done, $"job {job} ({procedure}) to be run by the scheduler", TimeSpan.FromSeconds(90));
        return await database.ScalarAsync<string>($"select last_run_status from timescaledb_information.job_stats where job_id = {job}");
    }
}
