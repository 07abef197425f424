using System.Diagnostics;
using System.Globalization;
using Dapper;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Domain.Receivers;
using Heimdall.Persistence;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Heimdall.Benchmarks.ReadSide;

/// <summary>
/// <c>read-side [--connection CS] [--api URL --key KEY] [--runs 200]</c>: times each read-side query (Heimdall.Data,
/// one connection pool, as the API uses it) and, with <c>--api</c>, each endpoint of a running API over HTTP; after a
/// warm-up, <c>--runs</c> calls one at a time, varying the parameters (a different acquisition, receiver or page each
/// call). Prints p50 and p95 in milliseconds as a Markdown table.
/// </summary>
internal static class ReadSideTimings
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchArguments(args);
        var runs = (int)arguments.Number("runs", 200);
        await using var dataSource = NpgsqlDataSource.Create(arguments.Connection());
        var retry = new DatabaseRetry(NullLogger<DatabaseRetry>.Instance);
        var measurements = new MeasurementQueries(dataSource, retry);
        var acquisitions = new AcquisitionQueries(dataSource, retry);
        var snr = new SnrStatisticsQuery(dataSource, retry);
        var drift = new FrequencyDriftQuery(dataSource, retry);
        var directory = new ReceiverDirectory(dataSource, retry);
        var registry = new ReceiverRegistry(dataSource, retry, directory, new ReceiverValidator([]), new ProbedReceiverHealth(new ReceiverHealthLog(dataSource, retry)));

        await using var connection = await dataSource.OpenConnectionAsync();
        var count = await connection.ExecuteScalarAsync<long>("select count(*) from measurements");
        var timescale = await connection.ExecuteScalarAsync<string?>("select extversion from pg_extension where extname = 'timescaledb'");
        var ids = (await connection.QueryAsync<Guid>("select acquisition_id from acquisitions tablesample system (1) limit 1000")).ToArray();
        var now = await connection.ExecuteScalarAsync<DateTime>("select max(captured_at) from measurements");
        var firstPage = await measurements.RecentAsync(new RecentMeasurementsQuery { Limit = 100, Since = now.AddHours(-24) }, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} measurements; {(timescale is null ? "plain PostgreSQL" : "TimescaleDB " + timescale)}; {runs} runs each after 10 warm-up calls"));
        Console.WriteLine();
        Console.WriteLine("| query | p50 ms | p95 ms |");
        Console.WriteLine("| --- | ---: | ---: |");

        var day = now.AddHours(-24);
        await TimeAsync("recent, no filter, 100 rows", runs, _ => measurements.RecentAsync(new RecentMeasurementsQuery { Limit = 100, Since = day }, default));
        await TimeAsync("recent, one receiver, 100 rows", runs, i => measurements.RecentAsync(new RecentMeasurementsQuery { ReceiverId = 1 + (i % 7), Limit = 100, Since = day }, default));
        await TimeAsync("recent, 430–440 MHz, 100 rows", runs, _ => measurements.RecentAsync(new RecentMeasurementsQuery { MinFrequencyHz = 430e6, MaxFrequencyHz = 440e6, Limit = 100, Since = day }, default));
        await TimeAsync("recent, no-signal only, 100 rows", runs, _ => measurements.RecentAsync(new RecentMeasurementsQuery { SignalDetected = false, Limit = 100, Since = day }, default));
        await TimeAsync("recent, second page (cursor)", runs, _ => measurements.RecentAsync(new RecentMeasurementsQuery { Limit = 100, Since = day, After = firstPage.Next }, default));
        await TimeAsync("one acquisition (row, outcomes, measurements)", runs, i => acquisitions.FindAsync(ids[i % ids.Length], default));
        await TimeAsync("one acquisition's measurements", runs, i => measurements.ForAcquisitionAsync(ids[i % ids.Length], default));
        await TimeAsync("acquisitions, recent 50 partial", runs, _ => acquisitions.RecentAsync(AcquisitionStates.Partial, 50, default));
        await TimeAsync("SNR statistics, 24 h, one receiver", runs, i => snr.RunAsync(1 + (i % 7), day, now, default));
        await TimeAsync("SNR statistics, 24 h, all 7 receivers", Math.Max(10, runs / 4), _ => snr.RunAsync(null, day, now, default));
        await TimeAsync("drift, 24 h, one receiver (hourly series)", runs, i => drift.RunAsync(1 + (i % 7), day, now, TimeSpan.FromHours(1), default));
        await TimeAsync("drift, 24 h, all 7 receivers (hourly series)", Math.Max(10, runs / 4), _ => drift.RunAsync(null, day, now, TimeSpan.FromHours(1), default));
        await TimeAsync("receivers with last capture", runs, _ => registry.ListAsync(default));

        if (arguments.Text("api") is { } api)
        {
            using var http = new HttpClient { BaseAddress = new Uri(api) };
            if (arguments.Text("key") is { } key)
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            var hours = Math.Ceiling((DateTime.UtcNow - day).TotalHours);
            string Hours() => hours.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine();
            Console.WriteLine($"| endpoint ({api}) | p50 ms | p95 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            await TimeAsync("GET /api/measurements/recent?limit=100", runs, _ => GetAsync(http, $"/api/measurements/recent?limit=100&hours={Hours()}"));
            await TimeAsync("GET /api/measurements/recent?receiverId=N&limit=100", runs, i => GetAsync(http, $"/api/measurements/recent?receiverId={1 + (i % 7)}&limit=100&hours={Hours()}"));
            await TimeAsync("GET /api/acquisitions/{id}", runs, i => GetAsync(http, $"/api/acquisitions/{ids[i % ids.Length]}"));
            await TimeAsync("GET /api/acquisitions/{id}/measurements", runs, i => GetAsync(http, $"/api/acquisitions/{ids[i % ids.Length]}/measurements"));
            await TimeAsync("GET /api/acquisitions?status=partial", runs, _ => GetAsync(http, "/api/acquisitions?status=partial"));
            await TimeAsync("GET /api/statistics/snr?receiverId=N (24 h)", runs, i => GetAsync(http, $"/api/statistics/snr?receiverId={1 + (i % 7)}&from={Iso(day)}&to={Iso(now)}"));
            await TimeAsync("GET /api/statistics/snr (24 h, all)", Math.Max(10, runs / 4), _ => GetAsync(http, $"/api/statistics/snr?from={Iso(day)}&to={Iso(now)}"));
            await TimeAsync("GET /api/analysis/frequency-drift?receiverId=N (24 h)", runs, i => GetAsync(http, $"/api/analysis/frequency-drift?receiverId={1 + (i % 7)}&from={Iso(day)}&to={Iso(now)}"));
            await TimeAsync("GET /api/analysis/frequency-drift (24 h, all)", Math.Max(10, runs / 4), _ => GetAsync(http, $"/api/analysis/frequency-drift?from={Iso(day)}&to={Iso(now)}"));
            await TimeAsync("GET /api/receivers", runs, _ => GetAsync(http, "/api/receivers"));
        }

        return 0;
    }

    private static string Iso(DateTime at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private static async Task<int> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? body.Length : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
    }

    private static async Task TimeAsync<T>(string name, int runs, Func<int, Task<T>> call)
    {
        for (var i = 0; i < 10; i++)
        {
            await call(i);
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentiles.Of(times, 0.50):0.0} | {Percentiles.Of(times, 0.95):0.0} |"));
    }
}
