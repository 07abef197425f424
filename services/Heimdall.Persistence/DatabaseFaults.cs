using Heimdall.Resilience;
using Npgsql;

namespace Heimdall.Persistence;

/// <summary>Which database errors mean PostgreSQL is unavailable: the server is away or asked us to try again.</summary>
public static class DatabaseFaults
{
    public static Dependency Dependency { get; } = new("PostgreSQL", IsTransient);

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState switch
        {
            "57P01" or "57P02" or "57P03" => true,   // admin shutdown, crash shutdown, cannot connect now
            "40001" or "40P01" => true,              // serialization failure, deadlock
            "53300" => true,                         // too many connections
            _ => pg.SqlState.StartsWith("08", StringComparison.Ordinal), // connection exceptions
        },
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };
}
