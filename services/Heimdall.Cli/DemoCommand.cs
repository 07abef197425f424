using System.Diagnostics;
using System.Globalization;
using Dapper;
using Heimdall.Contracts;
using Npgsql;

namespace Heimdall.Cli;

/// <summary>
/// Publishes one acquisition, waits for its outcome and prints what was stored: one line per receiver with SNR,
/// frequency offset, power and the archived object.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(CliSettings settings, CliArguments arguments, CancellationToken cancellationToken)
    {
        var request = new AcquisitionRequested
        {
            AcquisitionId = Guid.NewGuid(),
            FrequencyHz = arguments.Number("frequency", 145_500_000),
            DurationSeconds = arguments.Number("duration", 1),
            ReceiverIds = arguments.Ints("receivers"),
            RequestedBy = "heimdall demo",
        };
        var timeout = TimeSpan.FromSeconds(arguments.Number("timeout", 120));

        await using var client = await AcquisitionClient.ConnectAsync(settings.RabbitMq, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Publishing acquisition {request.AcquisitionId}: {request.FrequencyHz / 1e6:0.000###} MHz for {request.DurationSeconds} s on {(request.ReceiverIds is { Length: > 0 } ids ? "receivers " + string.Join(",", ids) : "every receiver that covers it")}"));
        var clock = Stopwatch.StartNew();
        var pending = await client.PublishAsync(request, cancellationToken);
        var outcome = await pending.WaitAsync(timeout, cancellationToken);
        clock.Stop();

        if (outcome.Rejected is { } rejected)
        {
            Console.WriteLine("Rejected:");
            foreach (var reason in rejected.Reasons)
            {
                Console.WriteLine("  - " + reason);
            }

            return 2;
        }

        var completed = outcome.Completed!;
        await PrintTableAsync(settings, request.AcquisitionId, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{completed.Status}: {completed.ReceiversStored} stored, {completed.ReceiversFailed} failed; {clock.Elapsed.TotalSeconds:0.00} s from publish to AcquisitionCompleted ({completed.ElapsedMs} ms inside the pipeline)."));
        return completed.Status == AcquisitionStatus.Failed ? 1 : 0;
    }

    private static async Task PrintTableAsync(CliSettings settings, Guid acquisitionId, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>("""
            select o.receiver_id as ReceiverId, r.name as Name, o.outcome as Outcome, o.detail as Detail,
                   m.snr_db as SnrDb, m.frequency_offset_hz as OffsetHz, m.power_dbfs as PowerDbfs, m.power_dbm as PowerDbm, m.iq_uri as IqUri
            from acquisition_receivers o
            join receivers r on r.receiver_id = o.receiver_id
            left join measurements m on m.acquisition_id = o.acquisition_id and m.receiver_id = o.receiver_id
            where o.acquisition_id = @acquisitionId
            order by o.receiver_id
            """, new { acquisitionId });

        Console.WriteLine();
        Console.WriteLine($"{"id",3}  {"receiver",-18} {"SNR dB",9} {"offset Hz",10} {"dBFS",8} {"dBm",8}  object");
        foreach (var row in rows)
        {
            var line = row.Outcome == "stored"
                ? string.Create(CultureInfo.InvariantCulture, $"{row.ReceiverId,3}  {row.Name,-18} {Number(row.SnrDb, "no signal"),9} {Number(row.OffsetHz, "-"),10} {row.PowerDbfs,8:0.00} {Number(row.PowerDbm, "-"),8}  {row.IqUri}")
                : $"{row.ReceiverId,3}  {row.Name,-18} FAILED: {row.Detail}";
            Console.WriteLine(line);
        }
    }

    private static string Number(double? value, string absent) =>
        value is { } number ? number.ToString("0.00", CultureInfo.InvariantCulture) : absent;

    private sealed class Row
    {
        public int ReceiverId { get; init; }
        public string Name { get; init; } = "";
        public string Outcome { get; init; } = "";
        public string? Detail { get; init; }
        public double? SnrDb { get; init; }
        public double? OffsetHz { get; init; }
        public double? PowerDbfs { get; init; }
        public double? PowerDbm { get; init; }
        public string? IqUri { get; init; }
    }
}
