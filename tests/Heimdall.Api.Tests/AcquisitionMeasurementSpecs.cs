using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Persistence;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Api.Tests;

/// <summary>One acquisition's rows are looked up within its time span, and whole even when a receiver's clock is far off.</summary>
[TestFixture]
public sealed class When_an_acquisitions_rows_are_read
{
    [Test]
    public async Task A_row_stamped_far_outside_the_span_Should_still_be_returned()
    {
        await using var database = await TestDatabase.CreateAsync();
        var id = Guid.NewGuid();
        await database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, started_at, completed_at, start_at, frequency_hz,
                                      duration_seconds, receivers_expected, receivers_stored, receiver_ids)
            values ('{id}', 'completed', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', '2026-11-20T10:00:03Z', '2026-11-20T10:00:00Z', 145.5e6, 1, 2, 2, array[1,2]);
            insert into acquisition_receivers (acquisition_id, receiver_id, outcome, detail) values ('{id}', 1, 'stored', 'u1'), ('{id}', 2, 'stored', 'u2');
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, snr_db,
                                      frequency_offset_hz, power_dbfs, noise_floor_dbfs_hz, peak_psd_dbfs_hz, occupied_bandwidth_hz,
                                      clipping_fraction, iq_uri, iq_sha512)
            values ('{id}', 1, '2026-11-20T10:00:00Z', 145.5e6, 12000, 12000, 20, 1, -30, -80, -40, 100, 0, 'u1', 's'),
                   ('{id}', 2, '2026-11-22T07:00:00Z', 145.5e6, 12000, 12000, 21, 1, -30, -80, -40, 100, 0, 'u2', 's');
            """);
        var retry = new DatabaseRetry(NullLogger<DatabaseRetry>.Instance);

        var rows = await new MeasurementQueries(database.DataSource, retry).ForAcquisitionAsync(id, CancellationToken.None);
        var detail = await new AcquisitionQueries(database.DataSource, retry).FindAsync(id, CancellationToken.None);

        Assert.That(rows.Select(r => r.ReceiverId), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(detail!.Measurements.Select(r => r.ReceiverId), Is.EqualTo(new[] { 1, 2 }));
    }
}
