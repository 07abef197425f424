using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Heimdall.MetricsWriter.Storage;

/// <summary>
/// Retention and the daily aggregate. TimescaleDB: sets the retention policy to MetricsWriter:RetentionDays once (its
/// jobs do the rest). Plain PostgreSQL: every MaintenanceIntervalMinutes deletes older rows and refreshes
/// <c>measurements_daily</c> and <c>measurements_daily_detection</c>.
/// </summary>
public sealed partial class MaintenanceService(NpgsqlDataSource dataSource, IOptions<MetricsWriterOptions> options, ILogger<MaintenanceService> logger)
    : BackgroundService
{
    /// <summary>The plain-PostgreSQL daily views (continuous aggregates with refresh policies on TimescaleDB).</summary>
    private static readonly string[] DailyViews = ["measurements_daily", "measurements_daily_detection"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.MaintenanceIntervalMinutes));
        do
        {
            try
            {
                await RunOnceAsync(settings.RetentionDays, stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(int retentionDays, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var timescale = await connection.ExecuteScalarAsync<bool>("select exists (select 1 from pg_extension where extname = 'timescaledb')");
        if (timescale)
        {
            await connection.ExecuteAsync("""
                select remove_retention_policy('measurements', if_exists => true);
                select add_retention_policy('measurements', make_interval(days => @retentionDays));
                """, new { retentionDays });
            return;
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "delete from measurements where captured_at < now() - make_interval(days => @retentionDays)",
            new { retentionDays }, commandTimeout: 600, cancellationToken: cancellationToken));
        foreach (var view in DailyViews)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"refresh materialized view concurrently {view}", commandTimeout: 600, cancellationToken: cancellationToken));
        }

        LogMaintenance(logger, deleted, retentionDays);
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Maintenance: {Deleted} measurements older than {Days} days deleted, daily views refreshed")]
    private static partial void LogMaintenance(ILogger logger, int deleted, int days);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Maintenance failed, next run at the next interval: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
