using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Domain.Acquisitions;
using Heimdall.Persistence;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>The read-side queries of Heimdall.Data on a real PostgreSQL holding <see cref="SeededMeasurements"/>.</summary>
[TestFixture]
public sealed class When_the_read_side_queries_seeded_measurements
{
    private TestDatabase _database = null!;
    private MeasurementQueries _measurements = null!;
    private AcquisitionQueries _acquisitions = null!;
    private SnrStatisticsQuery _snr = null!;
    private FrequencyDriftQuery _drift = null!;

    [OneTimeSetUp]
    public async Task Seed()
    {
        _database = await TestDatabase.CreateAsync();
        await SeedAsync(_database, "bucket");
        var retry = new DatabaseRetry(NullLogger<DatabaseRetry>.Instance);
        _measurements = new MeasurementQueries(_database.DataSource, retry);
        _acquisitions = new AcquisitionQueries(_database.DataSource, retry);
        _snr = new SnrStatisticsQuery(_database.DataSource, retry);
        _drift = new FrequencyDriftQuery(_database.DataSource, retry);
    }

    [OneTimeTearDown]
    public async Task Drop() => await _database.DisposeAsync();

    [Test]
    public async Task Recent_Should_page_newest_first_with_ties_broken_by_acquisition_and_receiver()
    {
        var seen = new List<(DateTime, Guid, int)>();
        var pages = new List<int>();
        MeasurementCursor? after = null;
        do
        {
            var page = await _measurements.RecentAsync(new RecentMeasurementsQuery { Limit = 3, After = after }, CancellationToken.None);
            pages.Add(page.Items.Count);
            seen.AddRange(page.Items.Select(m => (m.CapturedAt, m.AcquisitionId, m.ReceiverId)));
            after = page.Next;
        }
        while (after is not null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages, Is.EqualTo(new[] { 3, 3, 2 }));
            Assert.That(seen, Is.EqualTo(NewestFirst));
        }
    }

    [Test]
    public async Task Recent_Should_have_no_cursor_when_the_page_is_exactly_the_rest()
    {
        var page = await _measurements.RecentAsync(new RecentMeasurementsQuery { Limit = 8 }, CancellationToken.None);
        Assert.That(page.Items, Has.Count.EqualTo(8));
        Assert.That(page.Next, Is.Null);
    }

    [Test]
    public async Task Recent_Should_apply_every_filter()
    {
        var receiver2 = await _measurements.RecentAsync(new RecentMeasurementsQuery { ReceiverId = 2 }, CancellationToken.None);
        var uhf = await _measurements.RecentAsync(new RecentMeasurementsQuery { MinFrequencyHz = 400e6, MaxFrequencyHz = 440e6 }, CancellationToken.None);
        var noSignal = await _measurements.RecentAsync(new RecentMeasurementsQuery { SignalDetected = false }, CancellationToken.None);
        var lastHour = await _measurements.RecentAsync(new RecentMeasurementsQuery { Since = T0.AddHours(2) }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receiver2.Items.Select(m => m.AcquisitionId), Is.EqualTo(new[] { A2, A1, A0 }));
            Assert.That(uhf.Items.Select(m => m.ReceiverId), Is.EqualTo(new[] { 2, 2, 2 }));
            Assert.That(noSignal.Items.Select(m => (m.AcquisitionId, m.SnrDb)), Is.EqualTo(new[] { (A1b, (double?)null) }));
            Assert.That(lastHour.Items.Select(m => (m.AcquisitionId, m.ReceiverId)), Is.EqualTo(new[] { (A3, 1), (A2, 2), (A2, 1) }));
        }
    }

    [Test]
    public async Task Recent_Should_be_empty_for_a_window_with_no_rows()
    {
        var page = await _measurements.RecentAsync(new RecentMeasurementsQuery { Since = T0.AddHours(4) }, CancellationToken.None);
        Assert.That(page.Items, Is.Empty);
        Assert.That(page.Next, Is.Null);
    }

    [Test]
    public void A_cursor_Should_round_trip_and_refuse_garbage()
    {
        var cursor = new MeasurementCursor(T0.AddTicks(1234567), A1b, 7);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MeasurementCursor.TryDecode(cursor.Encode()), Is.EqualTo(cursor));
            Assert.That(MeasurementCursor.TryDecode("not-a-cursor"), Is.Null);
            Assert.That(MeasurementCursor.TryDecode(""), Is.Null);
        }
    }

    [Test]
    public void A_cursor_this_API_never_issued_Should_be_refused()
    {
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var issued = new MeasurementCursor(T0.AddTicks(1234567), A1b, 7).Encode();
        var bytes = Convert.FromBase64String(issued.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (issued.Length % 4)) % 4));
        var edited = (byte[])bytes.Clone();
        edited[20] ^= 1; // another acquisition id, the check left as it was
        var otherVersion = (byte[])bytes.Clone();
        otherVersion[0] = 2;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bytes, Has.Length.EqualTo(1 + 28 + 8), "version, position, check");
            Assert.That(MeasurementCursor.TryDecode(Base64Url(new byte[28])), Is.Null, "28 zero bytes: the old layout, never issued");
            Assert.That(MeasurementCursor.TryDecode(Base64Url(new byte[37])), Is.Null, "37 zero bytes");
            Assert.That(MeasurementCursor.TryDecode(Base64Url(edited)), Is.Null, "one bit of the position changed");
            Assert.That(MeasurementCursor.TryDecode(Base64Url(otherVersion)), Is.Null, "an unknown version");
            Assert.That(MeasurementCursor.TryDecode(issued[..^2]), Is.Null, "truncated");
            Assert.That(MeasurementCursor.TryDecode(issued + "=="), Is.Null, "padded");
        }
    }

    [Test]
    public async Task Snr_statistics_Should_be_exact_over_the_raw_rows()
    {
        var stats = await _snr.RunAsync(null, T0, T0.AddHours(4), CancellationToken.None);

        Assert.That(stats.Select(s => s.ReceiverId), Is.EqualTo(new[] { 1, 2 }));
        var one = stats[0];
        var two = stats[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That((one.Count, one.DetectedCount, one.RawDetectedCount, one.Source), Is.EqualTo((5L, 4L, 4L, SnrSources.Raw)));
            Assert.That(one.MeanSnrDb, Is.EqualTo(25).Within(1e-9));
            Assert.That((one.MinSnrDb, one.MaxSnrDb), Is.EqualTo(((double?)10, (double?)40)));
            Assert.That(one.StddevSnrDb, Is.EqualTo(Math.Sqrt(500.0 / 3)).Within(1e-9));
            Assert.That(one.P50SnrDb, Is.EqualTo(25).Within(1e-9));
            Assert.That(one.P90SnrDb, Is.EqualTo(37).Within(1e-9));
            Assert.That((two.Count, two.DetectedCount), Is.EqualTo((3L, 3L)));
            Assert.That(two.MeanSnrDb, Is.EqualTo(6).Within(1e-9));
            Assert.That(two.StddevSnrDb, Is.EqualTo(1).Within(1e-9));
            Assert.That(two.P50SnrDb, Is.EqualTo(6).Within(1e-9));
            Assert.That(two.P90SnrDb, Is.EqualTo(6.8).Within(1e-9));
        }
    }

    [Test]
    public async Task Snr_statistics_Should_take_whole_days_past_the_raw_rows_from_the_daily_views_and_say_so()
    {
        var stats = await _snr.RunAsync(1, DayD, T0.AddHours(4), CancellationToken.None);

        Assert.That(stats, Has.Count.EqualTo(1));
        var one = stats[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one.Source, Is.EqualTo(SnrSources.DailyAndRaw));
            Assert.That((one.Count, one.DetectedCount, one.RawDetectedCount), Is.EqualTo((8L, 6L, 4L)));
            Assert.That(one.MeanSnrDb, Is.EqualTo(35).Within(1e-9), "(25 × 4 + 55 × 2) / 6");
            Assert.That((one.MinSnrDb, one.MaxSnrDb), Is.EqualTo(((double?)10, (double?)60)));
            Assert.That(one.StddevSnrDb, Is.EqualTo(Math.Sqrt(500.0 / 3)).Within(1e-9), "over the raw rows only");
            Assert.That(one.P90SnrDb, Is.EqualTo(37).Within(1e-9), "over the raw rows only");
        }
    }

    [Test]
    public async Task Snr_statistics_Should_be_daily_only_for_a_window_of_deleted_days()
    {
        var stats = await _snr.RunAsync(1, DayD, DayD.AddDays(1), CancellationToken.None);

        Assert.That(stats, Has.Count.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stats[0].Source, Is.EqualTo(SnrSources.Daily));
            Assert.That((stats[0].Count, stats[0].DetectedCount, stats[0].RawDetectedCount), Is.EqualTo((3L, 2L, 0L)));
            Assert.That(stats[0].MeanSnrDb, Is.EqualTo(55).Within(1e-9));
            Assert.That((stats[0].StddevSnrDb, stats[0].P50SnrDb, stats[0].P90SnrDb), Is.EqualTo(((double?)null, (double?)null, (double?)null)));
        }
    }

    [Test]
    public async Task Snr_statistics_Should_be_empty_for_an_empty_window()
    {
        Assert.That(await _snr.RunAsync(null, T0.AddDays(1), T0.AddDays(2), CancellationToken.None), Is.Empty);
        Assert.That(await _snr.RunAsync(99, T0, T0.AddHours(4), CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Drift_Should_fit_the_least_squares_line_with_its_standard_error()
    {
        var drift = await _drift.RunAsync(null, T0, T0.AddHours(4), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.That(drift.Select(d => d.ReceiverId), Is.EqualTo(new[] { 1, 2 }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(drift[0].Count, Is.EqualTo(4), "the no-signal capture has no offset");
            Assert.That(drift[0].DriftHzPerHour, Is.EqualTo(0.8).Within(1e-9));
            Assert.That(drift[0].DriftStandardErrorHzPerHour, Is.EqualTo(Math.Sqrt(0.18)).Within(1e-9));
            Assert.That(drift[0].OffsetAtStartHz, Is.EqualTo(1.3).Within(1e-9));
            Assert.That(drift[0].Series.Select(p => (p.BucketStart, p.Count, p.MeanOffsetHz)), Is.EqualTo(new[]
            {
                (T0, 1L, 1.0), (T0.AddHours(1), 1L, 3.0), (T0.AddHours(2), 1L, 2.0), (T0.AddHours(3), 1L, 4.0),
            }));
            Assert.That(drift[1].DriftHzPerHour, Is.EqualTo(0).Within(1e-12));
            Assert.That(drift[1].DriftStandardErrorHzPerHour, Is.EqualTo(0).Within(1e-12));
            Assert.That(drift[1].OffsetAtStartHz, Is.EqualTo(-10).Within(1e-9));
        }
    }

    [Test]
    public async Task Drift_Should_leave_the_rate_unknown_below_two_captures()
    {
        var drift = await _drift.RunAsync(1, T0.AddHours(3), T0.AddHours(4), TimeSpan.FromHours(1), CancellationToken.None);
        Assert.That(drift, Has.Count.EqualTo(1));
        Assert.That((drift[0].Count, drift[0].DriftHzPerHour, drift[0].DriftStandardErrorHzPerHour), Is.EqualTo((1L, (double?)null, (double?)null)));
        Assert.That(await _drift.RunAsync(null, T0.AddDays(1), T0.AddDays(2), TimeSpan.FromHours(1), CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task One_acquisition_Should_have_its_outcomes_and_rows()
    {
        var partial = await _acquisitions.FindAsync(A3, CancellationToken.None);

        Assert.That(partial, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(partial!.Acquisition.Status, Is.EqualTo(AcquisitionStates.Partial));
            Assert.That((partial.Acquisition.ReceiversStored, partial.Acquisition.ReceiversFailed), Is.EqualTo((1, 1)));
            Assert.That(partial.Acquisition.CompletedAt, Is.EqualTo(T0.AddHours(3).AddSeconds(3)));
            Assert.That(partial.Receivers.Select(r => (r.ReceiverId, r.Outcome, r.Detail)), Is.EqualTo(new[]
            {
                (1, ReceiverOutcomes.Stored, (string?)DataUri("bucket", A3, 1)), (2, ReceiverOutcomes.Failed, (string?)FailureReason),
            }));
            Assert.That(partial.Measurements.Select(m => (m.ReceiverId, m.SnrDb)), Is.EqualTo(new[] { (1, (double?)40) }));
            Assert.That(await _acquisitions.FindAsync(Guid.NewGuid(), CancellationToken.None), Is.Null);
        }
    }

    [Test]
    public async Task Recent_acquisitions_Should_filter_by_status_newest_first()
    {
        var all = await _acquisitions.RecentAsync(null, 10, CancellationToken.None);
        var completed = await _acquisitions.RecentAsync(AcquisitionStates.Completed, 2, CancellationToken.None);
        var rejected = await _acquisitions.RecentAsync(AcquisitionStates.Rejected, 10, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Select(a => a.AcquisitionId), Is.EqualTo(new[] { Rejected, A3, A2, A1b, A1, A0 }));
            Assert.That(completed.Select(a => a.AcquisitionId), Is.EqualTo(new[] { A2, A1b }));
            Assert.That(rejected.Single().Reasons, Is.EqualTo(new[] { "frequencyHz 1000000000000 Hz is not covered by any enabled receiver." }));
        }
    }
}
