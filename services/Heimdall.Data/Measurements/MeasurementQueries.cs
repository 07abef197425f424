using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>The read side of <c>measurements</c>: recent rows with keyset pagination, and one acquisition's rows.</summary>
public sealed class MeasurementQueries(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>
    /// Newest first, ordered by (captured_at, acquisition_id, receiver_id) descending. One row more than the limit is
    /// read to know whether a next page exists, so the last page has no cursor.
    /// </summary>
    public Task<MeasurementPage> RecentAsync(RecentMeasurementsQuery query, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = (await connection.QueryAsync<Measurement>(new CommandDefinition($"""
                select {Measurement.Columns}
                from measurements
                where (@receiverId::int is null or receiver_id = @receiverId)
                  and (@minFrequencyHz::float8 is null or frequency_hz >= @minFrequencyHz)
                  and (@maxFrequencyHz::float8 is null or frequency_hz <= @maxFrequencyHz)
                  and (@since::timestamptz is null or captured_at >= @since)
                  and (@signalDetected::bool is null or signal_detected = @signalDetected)
                  and (@afterAt::timestamptz is null or (captured_at, acquisition_id, receiver_id) < (@afterAt, @afterAcquisition, @afterReceiver))
                order by captured_at desc, acquisition_id desc, receiver_id desc
                limit @take
                """, new
            {
                receiverId = query.ReceiverId,
                minFrequencyHz = query.MinFrequencyHz,
                maxFrequencyHz = query.MaxFrequencyHz,
                since = query.Since,
                signalDetected = query.SignalDetected,
                afterAt = query.After?.CapturedAt,
                afterAcquisition = query.After?.AcquisitionId ?? Guid.Empty,
                afterReceiver = query.After?.ReceiverId ?? 0,
                take = query.Limit + 1,
            }, cancellationToken: ct))).ToList();
            var more = rows.Count > query.Limit;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            return new MeasurementPage(rows, more ? MeasurementCursor.After(rows[^1]) : null);
        }, cancellationToken).AsTask();

    /// <summary>
    /// True when <paramref name="receiverId"/> is registered or any measurement has it (a receiver removed from the
    /// registry keeps its rows): what a filter by receiver may name.
    /// </summary>
    public Task<bool> IsKnownReceiverAsync(int receiverId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
                select case when exists (select 1 from receivers where receiver_id = @receiverId) then true
                            else exists (select 1 from measurements where receiver_id = @receiverId) end
                """, new { receiverId }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>The acquisition's rows, by receiver (<see cref="AcquisitionMeasurements"/>).</summary>
    public Task<IReadOnlyList<Measurement>> ForAcquisitionAsync(Guid acquisitionId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return (IReadOnlyList<Measurement>)await AcquisitionMeasurements.ReadAsync(connection, acquisitionId, ct);
        }, cancellationToken).AsTask();
}
