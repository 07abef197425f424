using System.Diagnostics;
using Heimdall.Contracts;
using Heimdall.MetricsWriter.Storage;
using Heimdall.ServiceDefaults.Persistence;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.IntegrationTests;

[TestFixture]
[NonParallelizable]
public sealed class MeasurementWriterTests
{
    private static IqArchived[] Batch(Guid acquisitionId, int receivers) =>
        Enumerable.Range(1, receivers).Select(r => Captures.IqArchived(acquisitionId, r)).ToArray();

    [Test]
    public async Task Writing_the_same_batch_twice_Should_leave_the_row_count_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance));
        var batch = Batch(Guid.NewGuid(), 50);

        var first = await writer.WriteAsync(batch, CancellationToken.None);
        var second = await writer.WriteAsync(batch, CancellationToken.None);

        Assert.That(first, Has.Count.EqualTo(50));
        Assert.That(second, Is.Empty);
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(50));
        Assert.That(await database.ScalarAsync<long>("select count(*) from acquisition_receivers where outcome = 'stored'"), Is.EqualTo(50));
    }

    [Test]
    public async Task A_database_restart_in_the_middle_Should_lose_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = new MeasurementWriter(database.DataSource, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance, maxAttempts: 10));
        var batches = Enumerable.Range(0, 20).Select(_ => Batch(Guid.NewGuid(), 10)).ToList();

        var stored = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == 5)
            {
                await RestartPostgresAsync(database);
            }

            stored += (await writer.WriteAsync(batches[i], CancellationToken.None)).Count;
        }

        Assert.That(stored, Is.EqualTo(200));
        Assert.That(await database.ScalarAsync<long>("select count(*) from measurements"), Is.EqualTo(200));
    }

    /// <summary>
    /// HEIMDALL_TEST_POSTGRES_RESTART (a shell command, set by the test script to restart the local cluster) when given;
    /// otherwise every backend of the database is terminated, which the writer sees as 57P01 admin_shutdown.
    /// </summary>
    private static async Task RestartPostgresAsync(TestDatabase database)
    {
        var command = Environment.GetEnvironmentVariable("HEIMDALL_TEST_POSTGRES_RESTART");
        if (string.IsNullOrWhiteSpace(command))
        {
            await using var admin = new Npgsql.NpgsqlConnection((await TestEndpoints.GetAsync()).Postgres);
            await admin.OpenAsync();
            await using var kill = new Npgsql.NpgsqlCommand($"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{database.Name}'", admin);
            await kill.ExecuteScalarAsync();
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "restart command failed: " + await process.StandardError.ReadToEndAsync());
    }
}
