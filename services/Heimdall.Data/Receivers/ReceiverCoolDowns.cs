using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Receivers;

/// <summary>
/// <c>receiver_cooldowns</c>: a server that refused us and asked for patience (KiwiSDR <c>ip_limit</c>, <c>too_busy</c>)
/// is not contacted again before the cool-down ends, by any replica; <see cref="ReceiverDirectory"/> reads it with the
/// receivers.
/// </summary>
public sealed class ReceiverCoolDowns(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    /// <summary>Starts (or extends) the receiver's cool-down; a shorter one never shortens a cool-down in force.</summary>
    public Task RecordAsync(int receiverId, DateTimeOffset until, string reason, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into receiver_cooldowns (receiver_id, until, reason) values (@receiverId, @until, @reason)
                on conflict (receiver_id) do update
                set until = greatest(receiver_cooldowns.until, excluded.until),
                    reason = case when excluded.until >= receiver_cooldowns.until then excluded.reason else receiver_cooldowns.reason end,
                    recorded_at = now()
                """, new { receiverId, until = until.UtcDateTime, reason }, cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>Ends the receiver's cool-down now (an operator's decision).</summary>
    public Task ClearAsync(int receiverId, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "delete from receiver_cooldowns where receiver_id = @receiverId", new { receiverId }, cancellationToken: ct));
        }, cancellationToken).AsTask();
}
