using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// The fit uses PostgreSQL's regression aggregates (regr_slope, regr_sxx, regr_syy, regr_sxy, computed in one pass
/// with the Youngs–Cramer algorithm) over t = hours since the window's start, so the large epoch never enters the sums.
/// </summary>
public sealed class FrequencyDriftQuery(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    public Task<IReadOnlyList<FrequencyDrift>> RunAsync(int? receiverId, DateTime from, DateTime to, TimeSpan bucket, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var parameters = new { receiverId, from, to, bucket };
            var fits = (await connection.QueryAsync<FitRow>(new CommandDefinition(FitSql, parameters, cancellationToken: ct))).ToList();
            var series = (await connection.QueryAsync<SeriesRow>(new CommandDefinition(SeriesSql, parameters, cancellationToken: ct)))
                .ToLookup(s => s.ReceiverId, s => new DriftPoint(s.BucketStart, s.Count, s.MeanOffsetHz));
            return (IReadOnlyList<FrequencyDrift>)fits.Select(f => new FrequencyDrift
            {
                ReceiverId = f.ReceiverId,
                Count = f.Count,
                DriftHzPerHour = f.Slope,
                DriftStandardErrorHzPerHour = f.Count > 2 && f.Sxx > 0
                    ? Math.Sqrt(Math.Max(0, f.Syy - (f.Sxy * f.Sxy / f.Sxx)) / (f.Count - 2) / f.Sxx)
                    : null,
                OffsetAtStartHz = f.Intercept,
                Series = series[f.ReceiverId].ToList(),
            }).ToList();
        }, cancellationToken).AsTask();

    // Per receiver of the registry, so each is one range scan of (receiver_id, captured_at) including the offset.
    private const string Window = """
        from measurements
        where captured_at >= @from and captured_at < @to and signal_detected
          and receiver_id in (select receiver_id from receivers where @receiverId::int is null or receiver_id = @receiverId)
        """;

    private const string FitSql = $"""
        select receiver_id as ReceiverId,
               count(*) as Count,
               regr_slope(frequency_offset_hz, date_part('epoch', captured_at - @from) / 3600) as Slope,
               regr_intercept(frequency_offset_hz, date_part('epoch', captured_at - @from) / 3600) as Intercept,
               coalesce(regr_sxx(frequency_offset_hz, date_part('epoch', captured_at - @from) / 3600), 0) as Sxx,
               coalesce(regr_syy(frequency_offset_hz, date_part('epoch', captured_at - @from) / 3600), 0) as Syy,
               coalesce(regr_sxy(frequency_offset_hz, date_part('epoch', captured_at - @from) / 3600), 0) as Sxy
        {Window}
        group by receiver_id
        order by receiver_id
        """;

    private const string SeriesSql = $"""
        select receiver_id as ReceiverId,
               date_bin(@bucket, captured_at, @from) as BucketStart,
               count(*) as Count,
               avg(frequency_offset_hz) as MeanOffsetHz
        {Window}
        group by receiver_id, BucketStart
        order by receiver_id, BucketStart
        """;

    private sealed record FitRow(int ReceiverId, long Count, double? Slope, double? Intercept, double Sxx, double Syy, double Sxy);

    private sealed record SeriesRow(int ReceiverId, DateTime BucketStart, long Count, double MeanOffsetHz);
}
