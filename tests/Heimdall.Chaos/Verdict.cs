using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Heimdall.Testing;
using Npgsql;

namespace Heimdall.Chaos;

/// <summary>One check of the verdict: what must hold, whether it did, and the evidence.</summary>
public sealed record Check(string Name, bool Passed, string Detail);

/// <summary>
/// What the run left behind, from outside: the outcome events, the database, the object store and the queues. Every
/// requested acquisition must have exactly one AcquisitionCompleted (completed, all receivers stored), one row and one
/// recording per receiver with the same sha512 in the row, the meta and the data, and its collection; no other outcome;
/// every queue drained; the Acquirer's error queue holding exactly the poison and no other error queue anything.
/// </summary>
public sealed class Verdict(TestStack stack, RabbitMqManagement rabbit, LoadGenerator load, EventLog events)
{
    public const int Receivers = 7;
    private readonly HashSet<Guid> _requested = [.. load.Requested];

    public List<Check> Checks { get; } = [];

    private void Add(string name, bool passed, string detail) => Checks.Add(new Check(name, passed, detail));

    private static string Sample<T>(IEnumerable<T> items) => string.Join(", ", items.Take(5));

    public void CheckOutcomes()
    {
        var seen = events.Of(EventLog.Completed).GroupBy(e => Guid.Parse(e.Message.Get<string>("acquisitionId"))).ToList();
        var completed = seen.ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToList());
        var lost = _requested.Where(id => !completed.ContainsKey(id)).ToList();
        // Completed twice: AcquisitionCompleted under two MessageIds. A copy (the same MessageId again) is the one
        // completion published again across a broker or database outage (Heimdall.MetricsWriter CompletionPublishing).
        var duplicated = completed.Where(c => c.Value.Select(m => m.Envelope("messageId")).Distinct().Count() > 1).Select(c => c.Key).ToList();
        var copies = seen.Where(g => g.Count() > g.Select(e => e.Message.Envelope("messageId")).Distinct().Count())
            .Select(g => $"{g.Key} ({string.Join(" / ", g.Select(e => $"{e.Message.Envelope("messageId")} sent {e.At:O}"))})").ToList();
        var unexpected = completed.Keys.Where(id => !_requested.Contains(id)).ToList();
        var notWhole = completed.Where(c => _requested.Contains(c.Key))
            .Where(c => c.Value.Any(m => m.Get<string>("status") != "completed" || m.Get<int>("receiversStored") != Receivers))
            .Select(c => $"{c.Key} ({c.Value[0].Get<string>("status")}, {c.Value[0].Get<int>("receiversStored")} stored)").ToList();
        Add("lost = 0 (requested, no AcquisitionCompleted)", lost.Count == 0, $"{lost.Count} {Sample(lost)}");
        Add("duplicated = 0 (completed twice: AcquisitionCompleted under more than one MessageId)", duplicated.Count == 0,
            $"{duplicated.Count} {Sample(duplicated)}; copies of one completion (its MessageId delivered again): {copies.Count} {Sample(copies)}");
        Add("unexpected = 0 (AcquisitionCompleted never requested)", unexpected.Count == 0, $"{unexpected.Count} {Sample(unexpected)}");
        Add($"every AcquisitionCompleted is 'completed' with {Receivers} receivers stored", notWhole.Count == 0, $"{notWhole.Count} otherwise {Sample(notWhole)}");
        var rejected = events.Of(EventLog.Rejected);
        Add("no AcquisitionRejected", rejected.Count == 0, $"{rejected.Count} {Sample(rejected.Select(r => r.Message.Payload))}");
        var failed = events.Of(EventLog.CaptureFailed);
        Add("no ReceiverCaptureFailed (no receiver is at fault)", failed.Count == 0, $"{failed.Count} {Sample(failed.Select(r => r.Message.Payload))}");
    }

    /// <summary>The database's record of every acquisition and its rows; then the recordings the rows point at.</summary>
    public async Task CheckStoreAsync()
    {
        var statuses = new Dictionary<Guid, string>();
        await foreach (var row in QueryAsync("select acquisition_id, status from acquisitions", r => (r.GetGuid(0), r.GetString(1))))
        {
            statuses[row.Item1] = row.Item2;
        }

        var stuck = _requested.Where(id => statuses.GetValueOrDefault(id) is not ("completed" or "partial" or "failed")).ToList();
        var notCompleted = _requested.Where(id => statuses.GetValueOrDefault(id) is "partial" or "failed").ToList();
        Add("stuck = 0 (acquisition not finished in the database)", stuck.Count == 0, $"{stuck.Count} {Sample(stuck.Select(id => $"{id} ({statuses.GetValueOrDefault(id) ?? "no row"})"))}");
        Add("every acquisition 'completed' in the database", notCompleted.Count == 0, $"{notCompleted.Count} partial or failed {Sample(notCompleted)}");

        var rows = new List<(Guid Acquisition, int Receiver, string Uri, string Sha512)>();
        await foreach (var row in QueryAsync("select acquisition_id, receiver_id, iq_uri, iq_sha512 from measurements", r => (r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetString(3))))
        {
            rows.Add(row);
        }

        var doubled = rows.GroupBy(r => (r.Acquisition, r.Receiver)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var strays = rows.Where(r => !_requested.Contains(r.Acquisition)).ToList();
        var perAcquisition = rows.CountBy(r => r.Acquisition).ToDictionary();
        var incomplete = _requested.Where(id => perAcquisition.GetValueOrDefault(id) != Receivers).ToList();
        Add("no measurement row twice (same acquisition and receiver)", doubled.Count == 0, $"{doubled.Count} {Sample(doubled)}");
        Add($"exactly {Receivers} rows per acquisition, none for anything else", incomplete.Count == 0 && strays.Count == 0,
            $"{rows.Count} rows for {_requested.Count} acquisitions; {incomplete.Count} without {Receivers} {Sample(incomplete)}; {strays.Count} strays");
        await CheckRecordingsAsync(rows);
    }

    private async Task CheckRecordingsAsync(List<(Guid Acquisition, int Receiver, string Uri, string Sha512)> rows)
    {
        var store = stack.CreateObjectStore();
        var bad = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (row, ct) =>
        {
            var key = row.Uri[$"s3://{stack.Bucket}/".Length..];
            var data = await store.GetAsync(stack.Bucket, key, ct);
            var meta = await store.GetAsync(stack.Bucket, key.Replace(".sigmf-data", ".sigmf-meta", StringComparison.Ordinal), ct);
            var sha = data is null ? null : Convert.ToHexStringLower(SHA512.HashData(data));
            var metaSha = meta is null ? null : JsonNode.Parse(meta)?["global"]?["core:sha512"]?.GetValue<string>();
            if (sha is null || meta is null || sha != row.Sha512 || metaSha != row.Sha512)
            {
                bad.Add($"{key} (data {(data is null ? "missing" : "present")}, meta {(meta is null ? "missing" : "present")}, sha512 {(sha == row.Sha512 && metaSha == row.Sha512 ? "equal" : "differs")})");
            }
        });
        Add("every row's recording: data and meta stored, sha512 of the data = the row's = the meta's", bad.IsEmpty, $"{rows.Count - bad.Count} of {rows.Count} {Sample(bad)}");

        var collections = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(_requested, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
        {
            var collection = await store.GetAsync(stack.Bucket, $"acquisitions/{id}/acquisition.sigmf-collection", ct);
            var streams = collection is null ? -1 : JsonNode.Parse(collection)?["collection"]?["core:streams"]?.AsArray().Count ?? 0;
            if (streams != Receivers)
            {
                collections.Add($"{id} ({(streams < 0 ? "missing" : streams + " streams")})");
            }
        });
        Add($"every acquisition's collection stored, with {Receivers} streams", collections.IsEmpty, $"{_requested.Count - collections.Count} of {_requested.Count} {Sample(collections)}");
    }

    /// <summary>Every work queue empty; the Acquirer's error queue holding exactly the poison; every other error queue empty.</summary>
    public async Task CheckQueuesAsync()
    {
        var depths = await rabbit.QueueDepthsAsync(stack.VirtualHost);
        var work = depths.Where(q => !IsDeadLetter(q.Key) && !EventLog.Queues.Contains(q.Key)).ToList();
        Add("every work queue drained", work.All(q => q.Value == 0), string.Join(", ", work.Select(q => $"{q.Key} {q.Value}")));
        var poison = (await rabbit.TakeAsync(stack.VirtualHost, "acquisition-requested_error", 1000)).Select(m => m.Payload).Order(StringComparer.Ordinal).ToList();
        var sent = load.PoisonPublished.Order(StringComparer.Ordinal).ToList();
        Add("acquisition-requested_error holds exactly the poison", poison.SequenceEqual(sent), $"{poison.Count} messages, {sent.Count} poison sent{(poison.SequenceEqual(sent) ? "" : ": " + Sample(poison))}");
        var others = depths.Where(q => IsDeadLetter(q.Key) && q.Key != "acquisition-requested_error" && q.Value > 0).ToList();
        Add("every other _error and _skipped queue empty", others.Count == 0, others.Count == 0 ? $"{depths.Count(q => IsDeadLetter(q.Key)) - 1} empty" : string.Join(", ", others.Select(q => $"{q.Key} {q.Value}")));
    }

    private static bool IsDeadLetter(string queue) => queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal);

    private async IAsyncEnumerable<T> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = stack.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return read(reader);
        }
    }
}
