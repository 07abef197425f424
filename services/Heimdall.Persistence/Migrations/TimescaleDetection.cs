using Dapper;
using Npgsql;

namespace Heimdall.Persistence.Migrations;

/// <summary>Whether this database uses TimescaleDB, decided in a way any role may run.</summary>
public static class TimescaleDetection
{
    public static async Task<bool> DecideAsync(NpgsqlConnection connection, TimescaleMode mode, CancellationToken cancellationToken)
    {
        // Only the loader, in shared_preload_libraries, defines timescaledb.bgw_launcher_poll_time, and pg_settings (readable
        // by any role) lists defined settings only, not placeholders from a configuration file. shared_preload_libraries
        // itself needs superuser or pg_read_all_settings, and current_setting would also see a placeholder.
        var state = await connection.QuerySingleAsync<(bool Installed, bool Available, bool Preloaded)>(new CommandDefinition("""
            select exists (select 1 from pg_extension where extname = 'timescaledb'),
                   exists (select 1 from pg_available_extensions where name = 'timescaledb'),
                   exists (select 1 from pg_settings where name = 'timescaledb.bgw_launcher_poll_time')
            """, cancellationToken: cancellationToken));
        var usable = state.Installed || (state.Available && state.Preloaded);
        return mode switch
        {
            TimescaleMode.Off when state.Installed => throw new InvalidOperationException(
                "TimescaleDB is off (MetricsWriter:TimescaleDb=off) but the timescaledb extension is installed in this database: its tables were made for TimescaleDB. Use auto, or another database."),
            TimescaleMode.Off => false,
            TimescaleMode.Required when !usable => throw new InvalidOperationException(
                "TimescaleDB is required (MetricsWriter:TimescaleDb=required) but " + (state.Available
                    ? "its library is not preloaded: add timescaledb to shared_preload_libraries and restart the server."
                    : "it is not installed on the database server.")),
            _ => usable,
        };
    }
}
