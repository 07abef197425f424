using System.Diagnostics;
using Heimdall.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Heimdall.Benchmarks.ReadSide;

/// <summary>
/// <c>dataset [--connection CS] [--days 30] [--measurements 10000000] [--drop]</c>: creates the database (default
/// heimdall_bench on the HEIMDALL_TEST_POSTGRES cluster), applies the migrations, and fills it by binary COPY with a
/// realistic network: the 7 reference receivers, one acquisition every few seconds over the last <c>--days</c>, each
/// captured by every receiver at the same instant (2 % partial: receiver 7 failed), 60 % at 145.5 MHz and 40 % at
/// 435 MHz, 8 % no-signal captures, per-receiver SNR levels and linear oscillator drift with noise. Then the daily views
/// are refreshed and the tables analysed. <c>--plain</c> keeps to plain PostgreSQL where TimescaleDB could be created;
/// <c>--drop</c> drops the database instead.
/// </summary>
internal static class DatasetCommand
{
    private const int Receivers = 7;
    private const double PartialShare = 0.02;

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchArguments(args);
        var connection = new NpgsqlConnectionStringBuilder(arguments.Connection()) { CommandTimeout = 0 };
        var database = connection.Database!;
        var admin = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = "postgres" }.ConnectionString;
        await using (var server = new NpgsqlConnection(admin))
        {
            await server.OpenAsync();
            await Execute(server, $"drop database if exists {database} with (force)");
            if (arguments.Flag("drop"))
            {
                Console.WriteLine($"dropped {database}");
                return 0;
            }

            await Execute(server, $"create database {database}");
        }

        var days = arguments.Number("days", 30);
        var target = (long)arguments.Number("measurements", 10_000_000);
        var acquisitions = (long)Math.Ceiling(target / (Receivers - PartialShare));
        var clock = Stopwatch.StartNew();
        await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        if (arguments.Flag("plain"))
        {
            await ApplyPlainAsync(dataSource);
        }

        var report = await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(BenchArguments.Migrations(), CancellationToken.None);
        Console.WriteLine($"{database}: migrations {string.Join(", ", report.Applied)}");

        var end = DateTime.UtcNow;
        var start = end.AddDays(-days);
        var plan = new DatasetPlan(start, end, acquisitions, seed: 42);
        var measurements = await CopyAsync(dataSource, plan);
        Console.WriteLine($"copied {acquisitions:N0} acquisitions, {measurements:N0} measurements and their outcomes in {clock.Elapsed.TotalSeconds:0} s");

        await using (var conn = await dataSource.OpenConnectionAsync())
        {
            var timescale = (bool)(await new NpgsqlCommand("select exists (select 1 from pg_extension where extname = 'timescaledb')", conn).ExecuteScalarAsync())!;
            foreach (var view in new[] { "measurements_daily", "measurements_daily_detection" })
            {
                await Execute(conn, timescale ? $"call refresh_continuous_aggregate('{view}', null, null)" : $"refresh materialized view {view}");
            }

            await Execute(conn, "vacuum analyze");
            var size = await new NpgsqlCommand("select pg_size_pretty(pg_database_size(current_database()))", conn).ExecuteScalarAsync();
            Console.WriteLine($"views refreshed, vacuumed and analysed; {(timescale ? "TimescaleDB" : "plain PostgreSQL")}, database size {size}; total {clock.Elapsed.TotalSeconds:0} s");
        }

        return 0;
    }

    private static async Task<long> CopyAsync(NpgsqlDataSource dataSource, DatasetPlan plan)
    {
        await using var a = await dataSource.OpenConnectionAsync();
        await using var m = await dataSource.OpenConnectionAsync();
        await using var o = await dataSource.OpenConnectionAsync();
        await using var acquisitions = await a.BeginBinaryImportAsync("""
            copy acquisitions (acquisition_id, status, requested_at, started_at, captured_at, completed_at, frequency_hz, duration_seconds,
                               start_at, receivers_expected, receivers_stored, receivers_failed, receiver_ids, requested_by) from stdin (format binary)
            """);
        await using var measurements = await m.BeginBinaryImportAsync("""
            copy measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected, snr_db,
                               frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz, occupied_bandwidth_hz,
                               clipping_fraction, iq_uri, iq_sha512) from stdin (format binary)
            """);
        await using var outcomes = await o.BeginBinaryImportAsync(
            "copy acquisition_receivers (acquisition_id, receiver_id, outcome, detail, recorded_at) from stdin (format binary)");
        long rows = 0;
        int[] all = [1, 2, 3, 4, 5, 6, 7];
        foreach (var acquisition in plan.Acquisitions())
        {
            var stored = acquisition.Partial ? Receivers - 1 : Receivers;
            await acquisitions.StartRowAsync();
            await acquisitions.WriteAsync(acquisition.Id, NpgsqlDbType.Uuid);
            await acquisitions.WriteAsync(acquisition.Partial ? "partial" : "completed", NpgsqlDbType.Text);
            await acquisitions.WriteAsync(acquisition.At.AddMilliseconds(-300), NpgsqlDbType.TimestampTz);
            await acquisitions.WriteAsync(acquisition.At.AddMilliseconds(-200), NpgsqlDbType.TimestampTz);
            await acquisitions.WriteAsync(acquisition.At.AddSeconds(1.1), NpgsqlDbType.TimestampTz);
            await acquisitions.WriteAsync(acquisition.At.AddSeconds(1.6), NpgsqlDbType.TimestampTz);
            await acquisitions.WriteAsync(acquisition.FrequencyHz, NpgsqlDbType.Double);
            await acquisitions.WriteAsync(1.0, NpgsqlDbType.Double);
            await acquisitions.WriteAsync(acquisition.At, NpgsqlDbType.TimestampTz);
            await acquisitions.WriteAsync(Receivers, NpgsqlDbType.Integer);
            await acquisitions.WriteAsync(stored, NpgsqlDbType.Integer);
            await acquisitions.WriteAsync(Receivers - stored, NpgsqlDbType.Integer);
            await acquisitions.WriteAsync(all, NpgsqlDbType.Array | NpgsqlDbType.Integer);
            await acquisitions.WriteAsync("scheduler", NpgsqlDbType.Text);

            foreach (var capture in acquisition.Captures)
            {
                var uri = $"s3://heimdall-raw-iq/acquisitions/{acquisition.Id}/{capture.ReceiverId}.sigmf-data";
                await outcomes.StartRowAsync();
                await outcomes.WriteAsync(acquisition.Id, NpgsqlDbType.Uuid);
                await outcomes.WriteAsync(capture.ReceiverId, NpgsqlDbType.Integer);
                await outcomes.WriteAsync(capture.Failed ? "failed" : "stored", NpgsqlDbType.Text);
                await outcomes.WriteAsync(capture.Failed ? "receiver 7 'Milano - Baggio': timed out after 10 s (3 attempts)" : uri, NpgsqlDbType.Text);
                await outcomes.WriteAsync(acquisition.At.AddSeconds(1.5), NpgsqlDbType.TimestampTz);
                if (capture.Failed)
                {
                    continue;
                }

                rows++;
                await measurements.StartRowAsync();
                await measurements.WriteAsync(acquisition.Id, NpgsqlDbType.Uuid);
                await measurements.WriteAsync(capture.ReceiverId, NpgsqlDbType.Integer);
                await measurements.WriteAsync(capture.At, NpgsqlDbType.TimestampTz);
                await measurements.WriteAsync(acquisition.FrequencyHz, NpgsqlDbType.Double);
                await measurements.WriteAsync(12_000.0, NpgsqlDbType.Double);
                await measurements.WriteAsync(12_000L, NpgsqlDbType.Bigint);
                await measurements.WriteAsync(capture.SnrDb is not null, NpgsqlDbType.Boolean);
                await WriteNullable(measurements, capture.SnrDb);
                await WriteNullable(measurements, capture.OffsetHz);
                await measurements.WriteAsync(capture.PowerDbfs, NpgsqlDbType.Double);
                await measurements.WriteAsync(capture.PowerDbfs - 60, NpgsqlDbType.Double);
                await measurements.WriteAsync(-75.0 - capture.ReceiverId, NpgsqlDbType.Double);
                await measurements.WriteAsync(capture.PowerDbfs - 8, NpgsqlDbType.Double);
                await WriteNullable(measurements, capture.SnrDb is null ? null : 25.0);
                await measurements.WriteAsync(0.0, NpgsqlDbType.Double);
                await measurements.WriteAsync(uri, NpgsqlDbType.Text);
                await measurements.WriteAsync(capture.Sha512, NpgsqlDbType.Text);
            }
        }

        await acquisitions.CompleteAsync();
        await outcomes.CompleteAsync();
        await measurements.CompleteAsync();
        return rows;
    }

    private static async Task WriteNullable(NpgsqlBinaryImporter importer, double? value)
    {
        if (value is { } number)
        {
            await importer.WriteAsync(number, NpgsqlDbType.Double);
        }
        else
        {
            await importer.WriteNullAsync();
        }
    }

    /// <summary>
    /// <c>--plain</c>: the plain-PostgreSQL variants even where TimescaleDB could be created (the runner would choose it),
    /// recorded as the runner records them, so it then applies only what is newer.
    /// </summary>
    private static async Task ApplyPlainAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, """
            create table if not exists schema_migrations (
                version integer primary key, name text not null, checksum text not null, applied boolean not null,
                applied_at timestamptz not null default now())
            """);
        foreach (var migration in Directory.GetFiles(BenchArguments.Migrations(), "*.sql").Order(StringComparer.Ordinal).Select(Migration.Load))
        {
            var run = migration.AppliesTo(timescaleAvailable: false);
            if (run)
            {
                await Execute(connection, migration.Sql);
            }

            await using var record = new NpgsqlCommand("insert into schema_migrations (version, name, checksum, applied) values ($1, $2, $3, $4)", connection);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
            record.Parameters.Add(new NpgsqlParameter { Value = run });
            await record.ExecuteNonQueryAsync();
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
