using System.Globalization;
using Heimdall.Testing;

namespace Heimdall.Api.Tests;

/// <summary>
/// Rows whose every aggregate is known exactly. From T0 (2026-11-20T00:00Z):
/// receiver 1 at 145.5 MHz: T0, +1 h, +2 h, +3 h with SNR 10, 20, 30, 40 dB and offsets 1, 3, 2, 4 Hz, and a no-signal
/// capture at +1.5 h. Its least-squares line over t in hours: offset = 1.3 + 0.8 t, SSE 1.8, Σ(t − t̄)² = 5, so the
/// standard error of the slope is √(1.8 / 2 / 5) = √0.18. SNR: mean 25, min 10, max 40, stddev √(500/3), p50 25, p90 37.
/// receiver 2 at 435 MHz: T0, +1 h, +2 h (the same acquisitions and instants as receiver 1's, so only the receiver id
/// breaks the tie), SNR 5, 6, 7, offset −10 each (slope 0, standard error 0).
/// A0..A3 and A1b are the acquisitions; A3 is partial (receiver 2 failed); R is a rejected request. Day D = T0 − 10 days
/// held receiver 1's captures of SNR 50 and 60 and one no-signal capture; the daily views were refreshed, then the raw
/// rows deleted, as the retention does.
/// </summary>
public static class SeededMeasurements
{
    public static readonly DateTime T0 = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime DayD = T0.AddDays(-10);
    public static readonly Guid A0 = Guid.Parse("00000000-0000-0000-0000-0000000000a0");
    public static readonly Guid A1 = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid A1b = Guid.Parse("00000000-0000-0000-0000-0000000001b1");
    public static readonly Guid A2 = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    public static readonly Guid A3 = Guid.Parse("00000000-0000-0000-0000-0000000000a3");
    public static readonly Guid Rejected = Guid.Parse("00000000-0000-0000-0000-0000000000ee");
    public const string FailureReason = "timeout after 3 attempts";

    /// <summary>Every raw row, newest first, as (capturedAt, acquisition, receiver): the order of the recent listing.</summary>
    public static readonly (DateTime At, Guid Acquisition, int Receiver)[] NewestFirst =
    [
        (T0.AddHours(3), A3, 1), (T0.AddHours(2), A2, 2), (T0.AddHours(2), A2, 1), (T0.AddHours(1.5), A1b, 1),
        (T0.AddHours(1), A1, 2), (T0.AddHours(1), A1, 1), (T0, A0, 2), (T0, A0, 1),
    ];

    public static async Task SeedAsync(TestDatabase database, string bucket)
    {
        // The rows have fixed dates: they pass the 30-day retention from 2026-12-10 on.
        await database.HoldRetentionPolicyAsync();
        var rows = new List<string>
        {
            Row(A0, 1, T0, 145.5e6, 10, 1, bucket), Row(A1, 1, T0.AddHours(1), 145.5e6, 20, 3, bucket),
            Row(A1b, 1, T0.AddHours(1.5), 145.5e6, null, null, bucket), Row(A2, 1, T0.AddHours(2), 145.5e6, 30, 2, bucket),
            Row(A3, 1, T0.AddHours(3), 145.5e6, 40, 4, bucket),
            Row(A0, 2, T0, 435e6, 5, -10, bucket), Row(A1, 2, T0.AddHours(1), 435e6, 6, -10, bucket), Row(A2, 2, T0.AddHours(2), 435e6, 7, -10, bucket),
            Row(Guid.NewGuid(), 1, DayD.AddHours(1), 145.5e6, 50, 0, bucket), Row(Guid.NewGuid(), 1, DayD.AddHours(2), 145.5e6, 60, 0, bucket),
            Row(Guid.NewGuid(), 1, DayD.AddHours(3), 145.5e6, null, null, bucket),
        };
        await database.ExecuteAsync($"""
            insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count,
                                      signal_detected, snr_db, frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz,
                                      peak_psd_dbfs_hz, occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512)
            values {string.Join(",\n", rows)};
            """);
        await database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, requested_at, started_at, captured_at, completed_at, frequency_hz,
                                      duration_seconds, start_at, receivers_expected, receivers_stored, receivers_failed, receiver_ids, requested_by)
            values {Acquisition(A0, "completed", T0, 2, 0, 145.5e6)}, {Acquisition(A1, "completed", T0.AddHours(1), 2, 0, 145.5e6)},
                   {Acquisition(A1b, "completed", T0.AddHours(1.5), 1, 0, 145.5e6)}, {Acquisition(A2, "completed", T0.AddHours(2), 2, 0, 145.5e6)},
                   {Acquisition(A3, "partial", T0.AddHours(3), 1, 1, 145.5e6)};
            insert into acquisitions (acquisition_id, status, requested_at, frequency_hz, duration_seconds, reasons, requested_by)
            values ('{Rejected}', 'rejected', '{Iso(T0.AddHours(3.5))}', 1e12, 1, array['frequencyHz 1000000000000 Hz is not covered by any enabled receiver.'], 'tests');
            insert into acquisition_receivers (acquisition_id, receiver_id, outcome, detail, recorded_at)
            select acquisition_id, receiver_id, 'stored', iq_uri, captured_at + interval '2 seconds'
            from measurements where captured_at >= '{Iso(T0)}';
            insert into acquisition_receivers (acquisition_id, receiver_id, outcome, detail, recorded_at)
            values ('{A3}', 2, 'failed', '{FailureReason}', '{Iso(T0.AddHours(3).AddSeconds(12))}');
            """);
        await RefreshDailyViewsAsync(database);
        await database.ExecuteAsync($"delete from measurements where captured_at < '{Iso(T0)}'");
    }

    /// <summary>Materialized views on plain PostgreSQL, continuous aggregates on TimescaleDB.</summary>
    public static async Task RefreshDailyViewsAsync(TestDatabase database)
    {
        var timescale = await database.ScalarAsync<bool>("select exists (select 1 from pg_extension where extname = 'timescaledb')");
        foreach (var view in new[] { "measurements_daily", "measurements_daily_detection" })
        {
            await database.ExecuteAsync(timescale
                ? $"call refresh_continuous_aggregate('{view}', null, null)"
                : $"refresh materialized view {view}");
        }
    }

    public static string DataUri(string bucket, Guid acquisition, int receiver) => $"s3://{bucket}/acquisitions/{acquisition}/{receiver}.sigmf-data";

    private static string Row(Guid acquisition, int receiver, DateTime at, double frequency, double? snr, double? offset, string bucket) =>
        string.Create(CultureInfo.InvariantCulture,
            $"('{acquisition}', {receiver}, '{Iso(at)}', {frequency}, 12000, 12000, {(snr is null ? "false" : "true")}, {Number(snr)}, {Number(offset)}, -30, -90, -80, -40, {(snr is null ? "null" : "100")}, 0, '{DataUri(bucket, acquisition, receiver)}', 'sha')");

    private static string Acquisition(Guid id, string status, DateTime at, int stored, int failed, double frequency) =>
        string.Create(CultureInfo.InvariantCulture,
            $"('{id}', '{status}', '{Iso(at.AddSeconds(-1))}', '{Iso(at)}', '{Iso(at.AddSeconds(1))}', '{Iso(at.AddSeconds(3))}', {frequency}, 1, '{Iso(at)}', {stored + failed}, {stored}, {failed}, array[{string.Join(",", Enumerable.Range(1, stored + failed))}], 'tests')");

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "null";

    public static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
