using Heimdall.Persistence.Migrations;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Migrations;

public static class MigrateCommand
{
    /// <summary>Applies the migrations, prints what it did and returns the process exit code.</summary>
    public static async Task<int> MigrateAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsWriterOptions>>().Value;
        var report = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(options.ResolvedMigrationsPath, options.MigrationSettings, CancellationToken.None);
        Console.WriteLine(
            $"Migrations: {report.Known} known, {report.Applied.Count} applied now ({(report.Applied.Count == 0 ? "schema up to date" : string.Join(", ", report.Applied))}); TimescaleDB {(report.TimescaleAvailable ? "in use" : "not in use: plain PostgreSQL tables")}{(options.MigrationSettings.ServiceRole is { } role ? $"; rows granted to {role}" : "")}.");
        return 0;
    }
}
