using Dapper;
using Heimdall.Domain.Receivers;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Receivers;

/// <summary>
/// The advisory lock that lets one Acquirer replica at a time run a round of receiver probes: a session-level lock on the
/// two-key pair (<see cref="ClassId"/>, <see cref="ObjectId"/>), a key space apart from the acquisitions' single-key
/// locks. Held on its own connection for the round; disposing releases it (and a lost connection took it along).
/// </summary>
public sealed class ReceiverProbeLock : IAsyncDisposable
{
    /// <summary>'HMDL' as an int: Heimdall's advisory locks of the two-key form.</summary>
    public const int ClassId = 0x484D_444C;

    /// <summary>Receiver health probing.</summary>
    public const int ObjectId = 1;

    private readonly NpgsqlConnection _connection;
    private int _disposed;

    private ReceiverProbeLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>The lock, or null when another replica holds it.</summary>
    public static async Task<ReceiverProbeLock?> TryTakeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "select pg_try_advisory_lock(@classId, @objectId)", new { classId = ClassId, objectId = ObjectId }, cancellationToken: cancellationToken)))
            {
                return new ReceiverProbeLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _connection.ExecuteAsync("select pg_advisory_unlock(@classId, @objectId)", new { classId = ClassId, objectId = ObjectId });
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            // The connection is gone, and the session lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
