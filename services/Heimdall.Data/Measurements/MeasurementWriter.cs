using Dapper;
using Heimdall.Contracts;
using Heimdall.Domain.Acquisitions;
using Heimdall.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Heimdall.Data.Measurements;

/// <summary>
/// Writes a batch of <see cref="IqArchived"/> in one transaction: binary COPY into a temporary staging table, then one
/// insert … select … on conflict do nothing into <c>measurements</c>, guarded by the per-receiver outcome so that a
/// redelivered message never adds a row or counts a receiver twice. The receiver's <c>stored</c> outcome is recorded in
/// the same statement as its row.
/// </summary>
public sealed class MeasurementWriter(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    private const string Columns = """
        acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected, snr_db,
        frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz, occupied_bandwidth_hz, clipping_fraction,
        iq_uri, iq_sha512, timing_source, basis, snr_sigma_db, frequency_offset_sigma_hz, power_sigma_db, warnings, attempts
        """;

    /// <summary>Stores the batch; returns the (acquisition, receiver) pairs stored by this call (not those stored before).</summary>
    public async Task<IReadOnlyList<StoredReceiver>> WriteAsync(IReadOnlyCollection<IqArchived> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        return await retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(
                new CommandDefinition("create temp table measurements_staging (like measurements including defaults) on commit drop", transaction: transaction, cancellationToken: ct));
            await CopyAsync(connection, batch, ct);
            var stored = (await connection.QueryAsync<StoredReceiver>(new CommandDefinition($"""
                with staged as (
                    select distinct on (acquisition_id, receiver_id) *
                    from measurements_staging
                    order by acquisition_id, receiver_id, captured_at
                ), fresh as (
                    insert into acquisition_receivers (acquisition_id, receiver_id, outcome, detail)
                    select acquisition_id, receiver_id, '{ReceiverOutcomes.Stored}', iq_uri from staged
                    on conflict (acquisition_id, receiver_id) do nothing
                    returning acquisition_id, receiver_id
                )
                insert into measurements ({Columns})
                select {Columns.Replace("acquisition_id, receiver_id,", "s.acquisition_id, s.receiver_id,", StringComparison.Ordinal)}
                from staged s join fresh f on f.acquisition_id = s.acquisition_id and f.receiver_id = s.receiver_id
                on conflict do nothing
                returning acquisition_id as AcquisitionId, receiver_id as ReceiverId
                """, transaction: transaction, cancellationToken: ct))).ToList();
            await transaction.CommitAsync(ct);
            return (IReadOnlyList<StoredReceiver>)stored;
        }, cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyCollection<IqArchived> batch, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"copy measurements_staging ({Columns}) from stdin (format binary)", ct);
        foreach (var m in batch)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(m.AcquisitionId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(m.ReceiverId, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(m.CaptureStartUtc.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(m.FrequencyHz, NpgsqlDbType.Double, ct);
            await importer.WriteAsync(m.SampleRateHz, NpgsqlDbType.Double, ct);
            await importer.WriteAsync(m.SampleCount, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(m.Metrics.SignalDetected, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(importer, m.Metrics.SnrDb, ct);
            await WriteNullableAsync(importer, m.Metrics.FrequencyOffsetHz, ct);
            await importer.WriteAsync(m.Metrics.PowerDbfs, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(importer, m.Metrics.PowerDbm, ct);
            await importer.WriteAsync(m.Metrics.NoiseFloorDbfsPerHz, NpgsqlDbType.Double, ct);
            await importer.WriteAsync(m.Metrics.PeakPsdDbfsPerHz, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(importer, m.Metrics.OccupiedBandwidthHz, ct);
            await importer.WriteAsync(m.Metrics.ClippingFraction, NpgsqlDbType.Double, ct);
            await importer.WriteAsync(m.IqUri, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(m.IqSha512, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, m.TimingSource, ct);
            await WriteNullableAsync(importer, m.Metrics.Basis ?? MeasurementBases.Iq, ct);
            await WriteNullableAsync(importer, m.Metrics.Uncertainty?.SnrDb, ct);
            await WriteNullableAsync(importer, m.Metrics.Uncertainty?.FrequencyOffsetHz, ct);
            await WriteNullableAsync(importer, m.Metrics.Uncertainty?.PowerDb, ct);

            // A producer older than the fields: no warnings known ('{}'), attempts unknown (NULL).
            await importer.WriteAsync(m.Warnings ?? [], NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            if (m.Attempts is { } attempts)
            {
                await importer.WriteAsync((short)attempts, NpgsqlDbType.Smallint, ct);
            }
            else
            {
                await importer.WriteNullAsync(ct);
            }
        }

        await importer.CompleteAsync(ct);
    }

    /// <summary>A text, or SQL NULL (a producer older than the field).</summary>
    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken ct)
    {
        if (value is not null)
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, ct);
        }
        else
        {
            await importer.WriteNullAsync(ct);
        }
    }

    /// <summary>A double, or SQL NULL (no signal detected; no calibration).</summary>
    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, double? value, CancellationToken ct)
    {
        if (value is { } number)
        {
            await importer.WriteAsync(number, NpgsqlDbType.Double, ct);
        }
        else
        {
            await importer.WriteNullAsync(ct);
        }
    }
}

public sealed record StoredReceiver(Guid AcquisitionId, int ReceiverId);
