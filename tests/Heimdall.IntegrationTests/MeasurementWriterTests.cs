using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.Data.Measurements;
using Heimdall.Persistence;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.IntegrationTests;

[TestFixture]
[NonParallelizable]
public sealed class MeasurementWriterTests
{
    private static IqArchived[] Batch(Guid acquisitionId, int receivers) =>
        Enumerable.Range(1, receivers).Select(r => Captures.IqArchived(acquisitionId, r)).ToArray();

    [Test]
    public async Task Writing_the_same_batch_twice_Should_leave_the_row_count_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance));
        var batch = Batch(Guid.NewGuid(), 50);

        var first = await writer.WriteAsync(batch, CancellationToken.None);
        var second = await writer.WriteAsync(batch, CancellationToken.None);

        Assert.That(first, Has.Count.EqualTo(50));
        Assert.That(second, Is.Empty);
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(50));
        Assert.That(await database.ScalarAsync<long>("select count(*) from acquisition_receivers where outcome = 'stored'"), Is.EqualTo(50));
    }

    [Test]
    public async Task A_no_signal_capture_beside_a_detected_one_Should_land_as_NULLs_and_leave_the_daily_SNR_to_the_detected_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance));
        // Yesterday at noon UTC: one whole day bucket in any time zone, inside the retention, before any refresh window ends.
        var capturedAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(12), TimeSpan.Zero);
        var detected = Captures.IqArchived(Guid.NewGuid(), 5) with { CaptureStartUtc = capturedAt };
        var noise = Captures.IqArchived(Guid.NewGuid(), 5, metrics: Captures.NoSignalMetrics(5)) with { CaptureStartUtc = capturedAt.AddMinutes(1) };

        var stored = await writer.WriteAsync([detected, noise], CancellationToken.None);

        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.That(await database.ScalarAsync<string>("""
            select string_agg(signal_detected || '|' || coalesce(snr_db::text, 'NULL') || '|' || coalesce(frequency_offset_hz::text, 'NULL') || '|'
                              || coalesce(occupied_bandwidth_hz::text, 'NULL') || '|' || power_dbfs || '|' || power_dbm || '|'
                              || noise_floor_dbfs_hz || '|' || peak_psd_dbfs_hz || '|' || clipping_fraction, ';' order by captured_at)
            from measurements
            """), Is.EqualTo("true|35|-95|2005|-37.5|-97.5|-115|-55|0.0048828125;false|NULL|NULL|NULL|-37.5|-97.5|-115|-113|0.0048828125"));

        await RefreshDailyViewsAsync(database);
        Assert.That(await database.ScalarAsync<string>("""
            select measurement_count || '|' || avg_snr_db || '|' || min_snr_db || '|' || max_snr_db || '|' || avg_frequency_offset_hz || '|' || avg_power_dbfs
            from measurements_daily where receiver_id = 5
            """), Is.EqualTo("2|35|35|35|-95|-37.5"), "count covers both captures; SNR and offset only the detected one");
        Assert.That(await database.ScalarAsync<string>("select string_agg(detected_count::text, ',') from measurements_daily_detection where receiver_id = 5"),
            Is.EqualTo("1"));
    }

    /// <summary>Materialises both daily views now: continuous aggregates on TimescaleDB, materialized views otherwise.</summary>
    private static async Task RefreshDailyViewsAsync(TestDatabase database)
    {
        var timescale = await database.ScalarAsync<bool>("select exists (select 1 from pg_extension where extname = 'timescaledb')");
        foreach (var view in new[] { "measurements_daily", "measurements_daily_detection" })
        {
            await database.ExecuteAsync(timescale ? $"call refresh_continuous_aggregate('{view}', null, null)" : $"refresh materialized view {view}");
        }
    }

    [Test]
    public async Task A_measurement_Should_be_stored_with_its_basis_and_uncertainties_and_one_without_as_IQ_with_none()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance));
        var audio = Captures.IqArchived(Guid.NewGuid(), 3) with
        {
            Metrics = Captures.Metrics(3) with
            {
                Basis = MeasurementBases.Audio,
                Uncertainty = new MeasurementUncertainty { SnrDb = 0.25, FrequencyOffsetHz = 2.5, PowerDb = 0.125 },
            },
        };
        var older = Captures.IqArchived(Guid.NewGuid(), 4) with { Metrics = Captures.Metrics(4) with { Basis = null, Uncertainty = null } };

        await writer.WriteAsync([audio, older], CancellationToken.None);

        Assert.That(await database.ScalarAsync<string>("""
            select string_agg(basis || '|' || coalesce(snr_sigma_db::text, 'NULL') || '|' || coalesce(frequency_offset_sigma_hz::text, 'NULL') || '|'
                              || coalesce(power_sigma_db::text, 'NULL'), ';' order by receiver_id)
            from measurements
            """), Is.EqualTo("audio|0.25|2.5|0.125;iq|NULL|NULL|NULL"), "a producer that states no basis measured IQ");
    }

    [Test]
    public async Task A_database_restart_in_the_middle_Should_lose_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance, maxAttempts: 10));
        var batches = Enumerable.Range(0, 20).Select(_ => Batch(Guid.NewGuid(), 10)).ToList();

        var stored = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == 5)
            {
                await RestartPostgresAsync(database);
            }

            stored += (await writer.WriteAsync(batches[i], CancellationToken.None)).Count;
        }

        Assert.That(stored, Is.EqualTo(200));
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(200));
    }

    /// <summary>
    /// HEIMDALL_TEST_POSTGRES_RESTART (a shell command, set by the test script to restart the local cluster) when given;
    /// otherwise every client backend of the database is terminated, which the writer sees as 57P01 admin_shutdown
    /// (TimescaleDB's job scheduler, a background worker of the superuser, is left alone).
    /// </summary>
    private static async Task RestartPostgresAsync(TestDatabase database)
    {
        var command = Environment.GetEnvironmentVariable("HEIMDALL_TEST_POSTGRES_RESTART");
        if (string.IsNullOrWhiteSpace(command))
        {
            await using var admin = new Npgsql.NpgsqlConnection((await TestEndpoints.GetAsync()).Postgres);
            await admin.OpenAsync();
            await using var kill = new Npgsql.NpgsqlCommand($"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{database.Name}' and backend_type = 'client backend'", admin);
            await kill.ExecuteScalarAsync();
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "restart command failed: " + await process.StandardError.ReadToEndAsync());
    }
}
