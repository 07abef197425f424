using Heimdall.Data.Measurements;
using Heimdall.Persistence.Migrations;
using Heimdall.Testing;

namespace Heimdall.IntegrationTests;

/// <summary>
/// On plain PostgreSQL the MetricsWriter does what TimescaleDB's policies do (<see cref="TimescaleDbTests"/>):
/// <c>heimdall_apply_retention</c> deletes what is older than the retention and refreshes both daily views.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PlainPostgresMaintenanceTests
{
    [Test]
    public async Task The_maintenance_Should_delete_exactly_the_rows_older_than_the_retention_and_refresh_both_daily_views()
    {
        if (TestDatabase.Variant != TimescaleMode.Off)
        {
            Assert.Ignore("Plain PostgreSQL behaviour: runs in the plain pass (HEIMDALL_TEST_DATABASE_VARIANT=plain).");
        }

        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync("""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected,
                                      snr_db, frequency_offset_hz, power_dbfs, noise_floor_dbfs_hz, peak_psd_dbfs_hz,
                                      occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512)
            select gen_random_uuid(), 1 + d % 2, now() - d * interval '1 day' - interval '1 hour', 145.5e6, 12000, 12000, d % 3 <> 0,
                   case when d % 3 <> 0 then 20 end, case when d % 3 <> 0 then -5 end, -40, -110, -60,
                   case when d % 3 <> 0 then 2000 end, 0, 's3://b/' || d, md5(d::text)
            from generate_series(0, 39) d
            """);

        var deleted = await new MeasurementMaintenance(database.DataSource).RunAsync(30, CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(10), "days 30..39 are older than 30 days");
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(30));
        Assert.That(await database.ScalarAsync<long>("select sum(measurement_count) from measurements_daily"), Is.EqualTo(30));
        Assert.That(await database.ScalarAsync<long>("select sum(detected_count) from measurements_daily_detection"), Is.EqualTo(20),
            "one day in three held no signal");
    }
}
