using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// SNR statistics per receiver over [from, to). Percentiles and the standard deviation are not derivable from the daily
/// views (they keep an average, a minimum and a maximum per day), so the raw rows are read wherever they exist; the
/// daily views fill in only the whole days before a receiver's oldest raw row (days the retention already deleted,
/// which TimescaleDB keeps in its continuous aggregates), and <see cref="SnrStatistics.Source"/> says so. The receivers
/// are those of the registry (a removed receiver's rows are not reported).
/// </summary>
public sealed class SnrStatisticsQuery(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    public Task<IReadOnlyList<SnrStatistics>> RunAsync(int? receiverId, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { receiverId, from, to }, cancellationToken: ct));
            return (IReadOnlyList<SnrStatistics>)rows.Select(r => r.ToStatistics()).ToList();
        }, cancellationToken).AsTask();

    // raw: the window's rows. oldest: each receiver's first raw row overall (its start of raw coverage).
    // daily: the whole days in the window that end at or before that first raw row (so no raw row of theirs exists).
    private const string Sql = """
        with receivers_in_scope as (
            select receiver_id from receivers where @receiverId::int is null or receiver_id = @receiverId
        ), raw as (
            -- One index-only range scan of (receiver_id, captured_at) include (signal_detected, snr_db, …) per receiver.
            select s.receiver_id, w.*
            from receivers_in_scope s
            cross join lateral (
                select count(*)                                              as count,
                       count(*) filter (where m.signal_detected)             as detected,
                       avg(m.snr_db)                                         as mean,
                       min(m.snr_db)                                         as min,
                       max(m.snr_db)                                         as max,
                       stddev_samp(m.snr_db)                                 as stddev,
                       -- Both percentiles from one sort.
                       percentile_cont(array[0.5, 0.9]) within group (order by m.snr_db) as percentiles
                from measurements m
                where m.receiver_id = s.receiver_id and m.captured_at >= @from and m.captured_at < @to
            ) w
            where w.count > 0
        ), oldest as (
            select s.receiver_id,
                   (select min(m.captured_at) from measurements m where m.receiver_id = s.receiver_id) as first_raw
            from receivers_in_scope s
        ), daily as (
            select d.receiver_id,
                   sum(d.measurement_count)::bigint                          as count,
                   sum(coalesce(x.detected_count, d.measurement_count))::bigint as detected,
                   sum(d.avg_snr_db * coalesce(x.detected_count, d.measurement_count)) as snr_sum,
                   min(d.min_snr_db) as min,
                   max(d.max_snr_db) as max
            from measurements_daily d
            join oldest o on o.receiver_id = d.receiver_id
            left join measurements_daily_detection x on x.day = d.day and x.receiver_id = d.receiver_id
            where d.day >= @from and d.day + interval '1 day' <= @to
              and (o.first_raw is null or d.day + interval '1 day' <= o.first_raw)
            group by d.receiver_id
        )
        select s.receiver_id                                    as ReceiverId,
               coalesce(r.count, 0) + coalesce(d.count, 0)      as Count,
               coalesce(r.detected, 0) + coalesce(d.detected, 0) as DetectedCount,
               case when coalesce(r.detected, 0) + coalesce(d.detected, 0) > 0 then
                   (coalesce(r.mean * r.detected, 0) + coalesce(d.snr_sum, 0)) / (coalesce(r.detected, 0) + coalesce(d.detected, 0))
               end                                              as Mean,
               least(r.min, d.min)                              as Min,
               greatest(r.max, d.max)                           as Max,
               r.stddev                                         as Stddev,
               r.percentiles[1]                                 as P50,
               r.percentiles[2]                                 as P90,
               coalesce(r.detected, 0)                          as RawDetected,
               r.receiver_id is not null                        as HasRaw,
               d.receiver_id is not null                        as HasDaily
        from receivers_in_scope s
        left join raw r on r.receiver_id = s.receiver_id
        left join daily d on d.receiver_id = s.receiver_id
        where r.receiver_id is not null or d.receiver_id is not null
        order by s.receiver_id
        """;

    private sealed record Row(
        int ReceiverId, long Count, long DetectedCount, double? Mean, double? Min, double? Max, double? Stddev, double? P50,
        double? P90, long RawDetected, bool HasRaw, bool HasDaily)
    {
        public SnrStatistics ToStatistics() => new()
        {
            ReceiverId = ReceiverId, Count = Count, DetectedCount = DetectedCount, MeanSnrDb = Mean, MinSnrDb = Min,
            MaxSnrDb = Max, StddevSnrDb = Stddev, P50SnrDb = P50, P90SnrDb = P90, RawDetectedCount = RawDetected,
            Source = (HasRaw, HasDaily) switch
            {
                (true, false) => SnrSources.Raw,
                (true, true) => SnrSources.DailyAndRaw,
                _ => SnrSources.Daily,
            },
        };
    }
}
