using Heimdall.Data.Measurements;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Heimdall.MetricsWriter.Maintenance;

/// <summary>
/// Runs <see cref="MeasurementMaintenance"/> at start and every MetricsWriter:MaintenanceIntervalMinutes with
/// MetricsWriter:RetentionDays. A failed run is logged and tried again at the next interval.
/// </summary>
public sealed partial class MaintenanceService(MeasurementMaintenance maintenance, IOptions<MetricsWriterOptions> options, ILogger<MaintenanceService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.MaintenanceIntervalMinutes));
        do
        {
            try
            {
                if (await maintenance.RunAsync(settings.RetentionDays, stoppingToken) is { } deleted)
                {
                    LogMaintenance(logger, deleted, settings.RetentionDays);
                }
                else
                {
                    LogRetentionPolicy(logger, settings.RetentionDays);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Maintenance: {Deleted} measurements older than {Days} days deleted, daily views refreshed")]
    private static partial void LogMaintenance(ILogger logger, long deleted, int days);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Maintenance: TimescaleDB retention policy set to {Days} days")]
    private static partial void LogRetentionPolicy(ILogger logger, int days);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Maintenance failed, next run at the next interval: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
