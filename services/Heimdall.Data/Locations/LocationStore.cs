using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Locations;

/// <summary>
/// <c>locations</c>, <c>location_pairs</c> and <c>location_stations</c>, written by the Locator alone. One upsert per
/// acquisition, keyed by its id, in one transaction: the row is replaced by the new estimate (the same one, for a
/// redelivery: the Locator is deterministic) and keeps the time it was first stored, and its pairs and receivers are
/// replaced with it, so a redelivery or a rerun leaves one row, never a second.
/// </summary>
public sealed class LocationStore(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>Stores the estimate; returns when it was first stored.</summary>
    public Task<DateTime> UpsertAsync(LocationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var locatedAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition("""
                insert into locations (acquisition_id, status, reason, latitude, longitude, altitude_m, semi_major_m, semi_minor_m,
                                       orientation_deg, gdop, propagation, method, frequency_hz, stations_used, stations_total,
                                       estimate, geojson_uri, compute_ms)
                values (@AcquisitionId, @Status, @Reason, @Latitude, @Longitude, @AltitudeM, @SemiMajorM, @SemiMinorM,
                        @OrientationDeg, @Gdop, @Propagation, @Method, @FrequencyHz, @StationsUsed, @StationsTotal,
                        @EstimateJson::jsonb, @GeoJsonUri, @ComputeMs)
                on conflict (acquisition_id) do update set
                    status = excluded.status, reason = excluded.reason, latitude = excluded.latitude, longitude = excluded.longitude,
                    altitude_m = excluded.altitude_m, semi_major_m = excluded.semi_major_m, semi_minor_m = excluded.semi_minor_m,
                    orientation_deg = excluded.orientation_deg, gdop = excluded.gdop, propagation = excluded.propagation,
                    method = excluded.method, frequency_hz = excluded.frequency_hz, stations_used = excluded.stations_used,
                    stations_total = excluded.stations_total, estimate = excluded.estimate, geojson_uri = excluded.geojson_uri,
                    compute_ms = excluded.compute_ms, updated_at = now()
                returning located_at
                """, record, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                delete from location_pairs where acquisition_id = @AcquisitionId;
                delete from location_stations where acquisition_id = @AcquisitionId;
                """, new { record.AcquisitionId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into location_pairs (acquisition_id, receiver_a, receiver_b, receiver_id_a, receiver_id_b, delay_seconds,
                                            sigma_seconds, crlb_seconds, peak_ratio, used, reason)
                values (@AcquisitionId, @ReceiverA, @ReceiverB, @ReceiverIdA, @ReceiverIdB, @DelaySeconds, @SigmaSeconds, @CrlbSeconds,
                        @PeakRatio, @Used, @Reason)
                """, record.Pairs.Select(p => new
            {
                record.AcquisitionId, p.ReceiverA, p.ReceiverB, p.ReceiverIdA, p.ReceiverIdB, p.DelaySeconds, p.SigmaSeconds, p.CrlbSeconds,
                p.PeakRatio, p.Used, p.Reason,
            }), transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into location_stations (acquisition_id, receiver_name, receiver_id, used, reason, timing_source, latitude, longitude)
                values (@AcquisitionId, @ReceiverName, @ReceiverId, @Used, @Reason, @TimingSource, @Latitude, @Longitude)
                """, record.Stations.Select(s => new
            {
                record.AcquisitionId, s.ReceiverName, s.ReceiverId, s.Used, s.Reason, s.TimingSource, s.Latitude, s.Longitude,
            }), transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return DateTime.SpecifyKind(locatedAt, DateTimeKind.Utc);
        }, cancellationToken).AsTask();
    }
}
