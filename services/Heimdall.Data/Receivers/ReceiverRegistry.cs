using Dapper;
using Heimdall.Domain.Receivers;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Receivers;

/// <summary>
/// The receivers table as operators manage it: read with bands, last capture and health; add, replace, enable,
/// disable, remove, each validated by <see cref="ReceiverValidator"/> first. The Acquirer reads the table per request
/// (<see cref="ReceiverDirectory"/>), so a change takes effect on the next acquisition.
/// </summary>
public sealed class ReceiverRegistry(
    NpgsqlDataSource dataSource, DatabaseRetry retry, ReceiverDirectory directory, ReceiverValidator validator, IReceiverHealthSource health)
{
    public async Task<IReadOnlyList<ReceiverStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var receivers = await directory.LoadAsync(cancellationToken);
        var lastCaptures = await LastCapturesAsync(null, cancellationToken);
        var healths = await health.ReadAsync(cancellationToken);
        return receivers.Select(r => Status(r, lastCaptures, healths)).ToList();
    }

    /// <summary>The receiver, or null when the id is unknown.</summary>
    public async Task<ReceiverStatus?> FindAsync(int receiverId, CancellationToken cancellationToken)
    {
        var receiver = (await directory.LoadAsync(cancellationToken)).FirstOrDefault(r => r.ReceiverId == receiverId);
        if (receiver is null)
        {
            return null;
        }

        var lastCaptures = await LastCapturesAsync(receiverId, cancellationToken);
        var healths = await health.ReadAsync(cancellationToken);
        return Status(receiver, lastCaptures, healths);
    }

    /// <summary>Adds the receiver under <paramref name="receiverId"/> (absent: one more than the largest id) and returns its id.</summary>
    /// <exception cref="InvalidReceiverException">It breaks rules.</exception>
    /// <exception cref="ReceiverConflictException">The id or the name is taken.</exception>
    public async Task<int> AddAsync(int? receiverId, ReceiverDefinition receiver, CancellationToken cancellationToken)
    {
        var reasons = validator.Validate(receiver).ToList();
        if (receiverId is <= 0)
        {
            reasons.Insert(0, $"receiverId must be > 0 (got {receiverId}).");
        }

        ThrowIfInvalid(reasons);
        return await WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"""
                insert into receivers (receiver_id, {Columns})
                values (coalesce(@ReceiverId, (select coalesce(max(receiver_id), 0) + 1 from receivers)), {Values})
                returning receiver_id
                """, Parameters(receiverId, receiver), transaction, cancellationToken: ct));
            await ReplaceBandsAsync(connection, transaction, id, receiver.Bands, ct);
            return id;
        }, cancellationToken);
    }

    /// <summary>Replaces every column and band of the receiver; false when the id is unknown.</summary>
    public async Task<bool> ReplaceAsync(int receiverId, ReceiverDefinition receiver, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(validator.Validate(receiver));
        return await WriteAsync(async (connection, transaction, ct) =>
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition($"""
                update receivers set ({Columns}, updated_at) = ({Values}, now()) where receiver_id = @ReceiverId
                """, Parameters(receiverId, receiver), transaction, cancellationToken: ct));
            if (rows == 0)
            {
                return false;
            }

            await ReplaceBandsAsync(connection, transaction, receiverId, receiver.Bands, ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Enables or disables the receiver; false when the id is unknown.</summary>
    public Task<bool> SetEnabledAsync(int receiverId, bool enabled, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteAsync(new CommandDefinition(
                "update receivers set enabled = @enabled, updated_at = now() where receiver_id = @receiverId",
                new { receiverId, enabled }, cancellationToken: ct)) == 1;
        }, cancellationToken).AsTask();

    /// <summary>Removes the receiver and its bands (its measurements stay); false when the id is unknown.</summary>
    public Task<bool> RemoveAsync(int receiverId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteAsync(new CommandDefinition(
                "delete from receivers where receiver_id = @receiverId", new { receiverId }, cancellationToken: ct)) == 1;
        }, cancellationToken).AsTask();

    private const string Columns = """
        name, kind, url, latitude, longitude, altitude_m, min_frequency_hz, max_frequency_hz, sample_rate_hz,
        calibration_db, timeout_seconds, retry_count, enabled, settings
        """;

    private const string Values = """
        @Name, @Kind, @Url, @Latitude, @Longitude, @AltitudeM, @MinFrequencyHz, @MaxFrequencyHz, @SampleRateHz,
        @CalibrationDb, @TimeoutSeconds, @RetryCount, @Enabled, @Settings::jsonb
        """;

    private static object Parameters(int? receiverId, ReceiverDefinition r) => new
    {
        ReceiverId = receiverId, r.Name, r.Kind, r.Url, r.Latitude, r.Longitude, r.AltitudeM, r.MinFrequencyHz,
        r.MaxFrequencyHz, r.SampleRateHz, r.CalibrationDb, r.TimeoutSeconds, r.RetryCount, r.Enabled, r.Settings,
    };

    private static async Task ReplaceBandsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int receiverId, IReadOnlyList<FrequencyBand> bands, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from receiver_bands where receiver_id = @receiverId", new { receiverId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into receiver_bands (receiver_id, min_frequency_hz, max_frequency_hz)
            select @receiverId, b.min_hz, b.max_hz from unnest(@mins, @maxes) as b (min_hz, max_hz)
            """, new
        {
            receiverId,
            mins = bands.Select(b => b.MinFrequencyHz).ToArray(),
            maxes = bands.Select(b => b.MaxFrequencyHz).ToArray(),
        }, transaction, cancellationToken: ct));
    }

    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                var result = await work(connection, transaction, ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new ReceiverConflictException(ex.ConstraintName == "receivers_name_key"
                    ? "name: another receiver already has this name."
                    : "receiverId: another receiver already has this id.", ex);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
            {
                // A rule of the table that the validator does not know yet (another branch may add columns).
                throw new InvalidReceiverException(ex.MessageText, ex);
            }
        }, cancellationToken).AsTask();

    private async Task<Dictionary<int, (DateTime At, string? TimingSource)>> LastCapturesAsync(int? receiverId, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<(int ReceiverId, DateTime LastCapturedAt, string? TimingSource)>(new CommandDefinition("""
                select r.receiver_id, last.captured_at, last.timing_source
                from receivers r
                cross join lateral (
                    select m.captured_at, m.timing_source from measurements m where m.receiver_id = r.receiver_id order by m.captured_at desc limit 1
                ) last
                where @receiverId::int is null or r.receiver_id = @receiverId
                """, new { receiverId }, cancellationToken: ct));
            return rows.ToDictionary(r => r.ReceiverId, r => (r.LastCapturedAt, r.TimingSource));
        }, cancellationToken);

    private static ReceiverStatus Status(
        Receiver receiver, Dictionary<int, (DateTime At, string? TimingSource)> lastCaptures, IReadOnlyDictionary<int, ReceiverHealthSummary> healths) =>
        lastCaptures.TryGetValue(receiver.ReceiverId, out var last)
            ? new ReceiverStatus(receiver, last.At, healths.GetValueOrDefault(receiver.ReceiverId), last.TimingSource)
            : new ReceiverStatus(receiver, null, healths.GetValueOrDefault(receiver.ReceiverId));

    private static void ThrowIfInvalid(IReadOnlyList<string> reasons)
    {
        if (reasons.Count > 0)
        {
            throw new InvalidReceiverException(reasons);
        }
    }
}
