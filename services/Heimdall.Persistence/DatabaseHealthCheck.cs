using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Heimdall.Persistence;

/// <summary>Ready when a connection opens and answers.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException ex) when (DatabaseTls.IsHandshakeFailure(ex))
        {
            return HealthCheckResult.Unhealthy(DatabaseTls.Describe(ex, dataSource.ConnectionString));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable: " + ex.Message);
        }
    }
}
