using Dapper;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Acquisitions;

/// <summary>
/// The session-level advisory lock on one acquisition id, held on its own connection while the acquisition is captured.
/// Disposing releases it explicitly (a pooled connection outlives its Close); if the database connection is already
/// gone, so is the lock, and disposing does not fail. Disposing twice is harmless.
/// </summary>
public sealed class AcquisitionLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private int _disposed;

    internal AcquisitionLease(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    internal static long KeyOf(Guid acquisitionId) => BitConverter.ToInt64(acquisitionId.ToByteArray(), 0);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = _key });
        }
        catch (Exception ex) when (DatabaseFaults.IsTransient(ex))
        {
            // The connection is gone (the server restarted or dropped it), and the session lock went with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
