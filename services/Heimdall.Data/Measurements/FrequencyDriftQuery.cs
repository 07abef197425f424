using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// One pass over the window: per receiver and bucket, PostgreSQL's regression aggregates (regr_count, regr_avgx,
/// regr_avgy, regr_sxx, regr_syy, regr_sxy: centred sums, computed with the Youngs–Cramer algorithm) over t = hours since
/// the window's start. The buckets are the series; combined exactly (the parallel-axis update of centred sums) they give
/// the least-squares line through every detected capture.
/// </summary>
public sealed class FrequencyDriftQuery(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    public Task<IReadOnlyList<FrequencyDrift>> RunAsync(int? receiverId, DateTime from, DateTime to, TimeSpan bucket, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // A few dozen buckets from tens of thousands of rows: hashing them beats the sort the planner picks otherwise
            // (it cannot estimate how few distinct date_bin values there are), about half the time at 10 M rows.
            await connection.ExecuteAsync(new CommandDefinition("set local enable_sort = off", transaction: transaction, cancellationToken: ct));
            var fromEpochSeconds = (from - DateTime.UnixEpoch).TotalSeconds;
            var buckets = await connection.QueryAsync<BucketRow>(new CommandDefinition(
                Sql, new { receiverId, from, to, bucket, fromEpochSeconds }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return (IReadOnlyList<FrequencyDrift>)buckets.GroupBy(b => b.ReceiverId).OrderBy(g => g.Key)
                .Select(g => Fit(g.Key, [.. g.OrderBy(b => b.BucketStart)])).ToList();
        }, cancellationToken).AsTask();

    private static FrequencyDrift Fit(int receiverId, List<BucketRow> buckets)
    {
        long n = 0;
        double meanX = 0, meanY = 0, sxx = 0, syy = 0, sxy = 0;
        foreach (var b in buckets)
        {
            var total = n + b.Count;
            var dx = b.AvgX - meanX;
            var dy = b.AvgY - meanY;
            var weight = (double)n * b.Count / total;
            sxx += b.Sxx + (dx * dx * weight);
            syy += b.Syy + (dy * dy * weight);
            sxy += b.Sxy + (dx * dy * weight);
            meanX += dx * b.Count / total;
            meanY += dy * b.Count / total;
            n = total;
        }

        double? slope = n >= 2 && sxx > 0 ? sxy / sxx : null;
        return new FrequencyDrift
        {
            ReceiverId = receiverId,
            Count = n,
            DriftHzPerHour = slope,
            DriftStandardErrorHzPerHour = n > 2 && sxx > 0 ? Math.Sqrt(Math.Max(0, syy - (sxy * sxy / sxx)) / (n - 2) / sxx) : null,
            OffsetAtStartHz = slope is { } rate ? meanY - (rate * meanX) : null,
            Series = [.. buckets.Select(b => new DriftPoint(b.BucketStart, b.Count, b.AvgY))],
        };
    }

    // Per receiver of the registry, so each is one range scan of (receiver_id, captured_at) including the offset; t is
    // computed once per row (the subquery is not flattened: offset 0).
    private const string Sql = """
        select receiver_id as ReceiverId,
               date_bin(@bucket, captured_at, @from) as BucketStart,
               regr_count(frequency_offset_hz, t) as Count,
               regr_avgx(frequency_offset_hz, t) as AvgX,
               regr_avgy(frequency_offset_hz, t) as AvgY,
               regr_sxx(frequency_offset_hz, t) as Sxx,
               regr_syy(frequency_offset_hz, t) as Syy,
               regr_sxy(frequency_offset_hz, t) as Sxy
        from (
            select receiver_id, captured_at, frequency_offset_hz, (date_part('epoch', captured_at) - @fromEpochSeconds) / 3600 as t
            from measurements
            where captured_at >= @from and captured_at < @to and signal_detected
              and receiver_id in (select receiver_id from receivers where @receiverId::int is null or receiver_id = @receiverId)
            offset 0
        ) w
        group by receiver_id, BucketStart
        """;

    private sealed record BucketRow(int ReceiverId, DateTime BucketStart, long Count, double AvgX, double AvgY, double Sxx, double Syy, double Sxy);
}
