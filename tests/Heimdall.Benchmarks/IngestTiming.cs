using System.Diagnostics;
using System.Globalization;
using Dapper;
using Heimdall.Contracts;
using Heimdall.Data.Measurements;
using Heimdall.Persistence;
using Heimdall.Persistence.Migrations;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Heimdall.Benchmarks;

/// <summary>
/// <c>ingest [ROWS] [BATCH]</c>: the MetricsWriter's write path (binary COPY into a staging table, then
/// <c>insert … select … on conflict do nothing</c> with the per-receiver outcome, one transaction per batch) into a
/// fresh TimescaleDB database and a fresh plain PostgreSQL one, and the same COPY → stage → on-conflict pattern into a
/// two-column table as the same-box baseline, taking turns batch by batch so that all three see the same machine.
/// Needs the test endpoints (eval "$(deploy/local/stack.sh env)"); the databases are dropped afterwards. Prints rows per
/// second for each.
/// </summary>
internal static class IngestTiming
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        await using var timescale = await TestDatabase.CreateAsync(migrate: false);
        await using var plain = await TestDatabase.CreateAsync(migrate: false);
        await using var baseline = await TestDatabase.CreateAsync(migrate: false);
        await new MigrationRunner(timescale.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(RepositoryPaths.Migrations, new MigrationSettings(TimescaleMode.Required), CancellationToken.None);
        await new MigrationRunner(plain.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(RepositoryPaths.Migrations, new MigrationSettings(TimescaleMode.Off), CancellationToken.None);
        await baseline.ExecuteAsync("create table narrow (id bigint primary key, value double precision not null)");

        var retry = new DatabaseRetry(NullLogger<DatabaseRetry>.Instance);
        var writers = new (string Name, Func<int, Task> Write)[]
        {
            ("TimescaleDB hypertable", b => new MeasurementWriter(timescale.DataSource, retry).WriteAsync(Batch(b, batch), CancellationToken.None)),
            ("plain PostgreSQL table", b => new MeasurementWriter(plain.DataSource, retry).WriteAsync(Batch(b, batch), CancellationToken.None)),
            ("narrow baseline (bigint, double)", b => WriteNarrowAsync(baseline.DataSource, b, batch)),
        };
        var elapsed = new double[writers.Length];
        var batches = rows / batch;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batches} batches of {batch} rows into each, in turns"));
        for (var b = 0; b < batches; b++)
        {
            for (var w = 0; w < writers.Length; w++)
            {
                var started = Stopwatch.GetTimestamp();
                await writers[w].Write(b);
                elapsed[w] += Stopwatch.GetElapsedTime(started).TotalSeconds;
            }
        }

        for (var w = 0; w < writers.Length; w++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{writers[w].Name,-34} {batches * batch / elapsed[w],10:N0} rows/s ({elapsed[w]:F1} s)"));
        }

        return 0;
    }

    /// <summary>Batch <paramref name="index"/>: captures of distinct acquisitions, 7 receivers each, over the last two days.</summary>
    private static List<IqArchived> Batch(int index, int size) =>
        [.. Enumerable.Range(0, size).Select(i =>
        {
            var n = (index * size) + i;
            var acquisition = new Guid(n / 7, 0x4865, 0x696d, 0, 0, 0, 0, 0, 0, 0, 1);
            var receiver = (n % 7) + 1;
            return new IqArchived
            {
                AcquisitionId = acquisition,
                ReceiverId = receiver,
                CaptureStartUtc = DateTimeOffset.UtcNow.AddSeconds(-(n % 172_800)),
                FrequencyHz = 145_500_000,
                SampleRateHz = 12_000,
                SampleCount = 12_000,
                Metrics = new SignalMetrics
                {
                    SignalDetected = true, SnrDb = 20 + (n % 97 / 10.0), FrequencyOffsetHz = -80 + receiver, PowerDbfs = -40.25, PowerDbm = -100.25,
                    NoiseFloorDbfsPerHz = -110.5, PeakPsdDbfsPerHz = -60.125, OccupiedBandwidthHz = 1500, ClippingFraction = 0,
                },
                IqUri = $"s3://heimdall-raw-iq/acquisitions/{acquisition}/{receiver}.sigmf-data",
                MetaUri = $"s3://heimdall-raw-iq/acquisitions/{acquisition}/{receiver}.sigmf-meta",
                Bytes = 48_000,
                IqSha512 = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(acquisition.ToByteArray())),
                TimingSource = TimingSources.HostClock,
            };
        })];

    private static async Task WriteNarrowAsync(NpgsqlDataSource dataSource, int index, int size)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("create temp table narrow_staging (like narrow) on commit drop", transaction: transaction);
        await using (var importer = await connection.BeginBinaryImportAsync("copy narrow_staging (id, value) from stdin (format binary)"))
        {
            for (var i = 0; i < size; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync((long)((index * size) + i), NpgsqlDbType.Bigint);
                await importer.WriteAsync(i * 0.5, NpgsqlDbType.Double);
            }

            await importer.CompleteAsync();
        }

        await connection.ExecuteAsync("insert into narrow select * from narrow_staging on conflict do nothing", transaction: transaction);
        await transaction.CommitAsync();
    }
}
