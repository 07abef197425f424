using Dapper;
using Heimdall.Domain.Receivers;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Receivers;

/// <summary>Reads the receivers table (and their bands).</summary>
public sealed class ReceiverDirectory(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    public async Task<IReadOnlyList<Receiver>> LoadAsync(CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<ReceiverRow>(new CommandDefinition("""
                select r.receiver_id as ReceiverId, name as Name, kind as Kind, url as Url, latitude as Latitude,
                       longitude as Longitude, altitude_m as AltitudeM, min_frequency_hz as MinFrequencyHz,
                       max_frequency_hz as MaxFrequencyHz, sample_rate_hz as SampleRateHz, calibration_db as CalibrationDb,
                       timeout_seconds as TimeoutSeconds, retry_count as RetryCount, enabled as Enabled,
                       settings::text as Settings, c.until as CoolDownUntil, c.reason as CoolDownReason
                from receivers r
                left join receiver_cooldowns c on c.receiver_id = r.receiver_id and c.until > now()
                order by r.receiver_id
                """, cancellationToken: ct));
            var bands = (await connection.QueryAsync<(int ReceiverId, double MinHz, double MaxHz)>(new CommandDefinition(
                    "select receiver_id, min_frequency_hz, max_frequency_hz from receiver_bands order by receiver_id, min_frequency_hz",
                    cancellationToken: ct)))
                .ToLookup(b => b.ReceiverId, b => (b.MinHz, b.MaxHz));
            return (IReadOnlyList<Receiver>)rows.Select(r => r.ToReceiver(bands[r.ReceiverId].ToList())).ToList();
        }, cancellationToken);

    private sealed record ReceiverRow(
        int ReceiverId, string Name, string Kind, string Url, double Latitude, double Longitude, double? AltitudeM,
        double MinFrequencyHz, double MaxFrequencyHz, double SampleRateHz, double? CalibrationDb, double TimeoutSeconds,
        int RetryCount, bool Enabled, string Settings, DateTime? CoolDownUntil, string? CoolDownReason)
    {
        public Receiver ToReceiver(IReadOnlyList<(double, double)> bands) => new()
        {
            ReceiverId = ReceiverId, Name = Name, Kind = Kind, Url = Url, Latitude = Latitude, Longitude = Longitude,
            AltitudeM = AltitudeM, MinFrequencyHz = MinFrequencyHz, MaxFrequencyHz = MaxFrequencyHz, SampleRateHz = SampleRateHz,
            CalibrationDb = CalibrationDb, TimeoutSeconds = TimeoutSeconds, RetryCount = RetryCount, Enabled = Enabled, Bands = bands,
            Settings = Settings,
            CoolDown = CoolDownUntil is { } until ? new ReceiverCoolDown(new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)), CoolDownReason ?? "") : null,
        };
    }
}
