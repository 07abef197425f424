using Dapper;
using Heimdall.Domain.Acquisitions;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// One acquisition's rows of <c>measurements</c>, found within its own time span. The primary key leads with the
/// acquisition id, but on TimescaleDB every chunk has its own index and a compressed chunk none on the id, so an
/// unbounded lookup visits all of them (about 0.1 s at 10 M rows); bounded by captured_at, only the chunks and
/// compressed batches of that span are read. A capture starts at or after the acquisition's start and is stored before
/// its completion; five minutes each side absorb a receiver's clock skew (the narrower the span, the fewer compressed
/// batches are decompressed). Should fewer rows turn up than the receivers recorded as stored (a receiver whose clock
/// is off by more), the lookup is repeated without the bound, so the answer is always whole.
/// </summary>
internal static class AcquisitionMeasurements
{
    public static async Task<List<Measurement>> ReadAsync(NpgsqlConnection connection, Guid acquisitionId, CancellationToken ct)
    {
        var span = await connection.QuerySingleOrDefaultAsync<Span>(new CommandDefinition($"""
            select coalesce(a.start_at, a.requested_at) - interval '5 minutes' as FromAt,
                   coalesce(a.completed_at, now()) + interval '5 minutes' as ToAt,
                   (select count(*) from acquisition_receivers r
                    where r.acquisition_id = a.acquisition_id and r.outcome = '{ReceiverOutcomes.Stored}') as Stored
            from acquisitions a where a.acquisition_id = @acquisitionId
            """, new { acquisitionId }, cancellationToken: ct));
        if (span is not null)
        {
            var bounded = (await connection.QueryAsync<Measurement>(new CommandDefinition($"""
                select {Measurement.Columns} from measurements
                where acquisition_id = @acquisitionId and captured_at >= @FromAt and captured_at <= @ToAt
                order by receiver_id, captured_at
                """, new { acquisitionId, span.FromAt, span.ToAt }, cancellationToken: ct))).ToList();
            if (bounded.Count >= span.Stored)
            {
                return bounded;
            }
        }

        return (await connection.QueryAsync<Measurement>(new CommandDefinition(
            $"select {Measurement.Columns} from measurements where acquisition_id = @acquisitionId order by receiver_id, captured_at",
            new { acquisitionId }, cancellationToken: ct))).ToList();
    }

    private sealed record Span(DateTime FromAt, DateTime ToAt, long Stored);
}
