using Microsoft.Extensions.Hosting;
using Heimdall.Persistence.Migrations;
using Microsoft.Extensions.Options;

namespace Heimdall.MetricsWriter.Migrations;

/// <summary>
/// Applies migrations before the bus starts (registered ahead of it), when MetricsWriter:ApplyMigrationsAtStart. Connected
/// as a least-privilege role, an up-to-date schema passes, and pending migrations stop the start with a message saying to
/// run <c>migrate</c> as the owner.
/// </summary>
public sealed class MigrationHostedService(MigrationRunner runner, IOptions<MetricsWriterOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ApplyMigrationsAtStart)
        {
            await runner.ApplyAsync(options.Value.ResolvedMigrationsPath, options.Value.MigrationSettings, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
