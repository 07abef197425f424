using Dapper;
using Npgsql;

namespace Heimdall.Persistence.Migrations;

/// <summary>
/// What the role the services connect as may do, granted by the schema owner after every migration run: read and write
/// the rows of every table (and read the views and aggregates), use the sequences, run the functions the owner made. No DDL, no
/// ownership: anything the services need beyond rows (retention, refreshing the daily views) goes through
/// <c>security definer</c> functions the owner made.
/// </summary>
public static class ServiceRoleGrants
{
    public static async Task ApplyAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        if (string.Equals(role, connection.UserName, StringComparison.Ordinal))
        {
            // The service itself, connected as that role, checking its schema at start: the owner granted it already.
            return;
        }

        var quoted = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select quote_ident(rolname) from pg_roles where rolname = @role", new { role }, cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException(
                $"The service role '{role}' (MetricsWriter:ServiceRole) does not exist on the database server: create it (create role {role} login password '…') or leave the setting empty.");
        await GrantAsync(connection, $"""
            grant usage on schema public to {quoted};
            grant select, insert, update, delete on all tables in schema public to {quoted};
            grant usage, select on all sequences in schema public to {quoted};
            """, cancellationToken);

        // Only the functions this owner made (heimdall_apply_retention, …): an extension's functions in the schema are not its to grant.
        var functions = await connection.QueryAsync<string>(new CommandDefinition("""
            select p.oid::regprocedure::text from pg_proc p
            where p.pronamespace = 'public'::regnamespace and p.proowner = (select oid from pg_roles where rolname = current_user)
              and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
            """, cancellationToken: cancellationToken));
        foreach (var function in functions)
        {
            await GrantAsync(connection, $"grant execute on function {function} to {quoted}", cancellationToken);
        }
    }

    /// <summary>
    /// One grant statement, tried again when a TimescaleDB job updated the same catalog row meanwhile: a grant on the
    /// hypertable is passed on to its chunks, and a compression or retention job that is changing a chunk at that moment
    /// makes it fail with "tuple concurrently updated" (XX000), which a second try a moment later does not meet.
    /// </summary>
    private static async Task GrantAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
                return;
            }
            catch (PostgresException ex) when (attempt < ConcurrentUpdateAttempts && IsConcurrentCatalogUpdate(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private const int ConcurrentUpdateAttempts = 5;

    private static bool IsConcurrentCatalogUpdate(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.InternalError && ex.MessageText == "tuple concurrently updated";
}
