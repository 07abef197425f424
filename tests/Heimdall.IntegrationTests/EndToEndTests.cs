using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Heimdall.Testing;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The three services as real processes on real RabbitMQ, PostgreSQL and S3 (fresh vhost, database and bucket), driven
/// from outside the way an upstream system or an operator would: through the RabbitMQ management HTTP API.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class EndToEndTests
{
    private PipelineProcesses _pipeline = null!;

    [OneTimeSetUp]
    public async Task StartServices() => _pipeline = await PipelineProcesses.StartAsync(["AcquisitionCompleted", "AcquisitionRejected"]);

    [OneTimeTearDown]
    public async Task StopServices() => await _pipeline.DisposeAsync();

    [TearDown]
    public void ShowServiceOutputOnFailure() => _pipeline.WriteOutputsIfTestFailed();

    private TestStack Stack => _pipeline.Stack;

    private static string Request(Guid id, double frequencyHz = 145_500_000, string extra = "") =>
        $$"""{"acquisitionId":"{{id}}","frequencyHz":{{frequencyHz}},"durationSeconds":0.5{{extra}}}""";

    private Task PublishAsync(string payload, string? contentType = "application/json") => _pipeline.PublishRequestAsync(payload, contentType);

    private Task<JsonMessage> CompletedAsync(Guid id) => _pipeline.CompletedAsync(id);

    private Task<JsonMessage> RejectedAsync(Guid id) => _pipeline.AwaitAsync("AcquisitionRejected", id);

    private Task<long> RowsAsync(Guid id) => Stack.Database.ScalarAsync<long>($"select count(*) from measurements where acquisition_id = '{id}'");

    [Test]
    public async Task One_acquisition_Should_give_one_row_and_two_objects_per_receiver_and_one_AcquisitionCompleted()
    {
        var id = Guid.NewGuid();
        await PublishAsync(Request(id));

        var completed = await CompletedAsync(id);
        Assert.That(completed.Get<string>("status"), Is.EqualTo("completed"));
        Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(7));
        Assert.That(await RowsAsync(id), Is.EqualTo(7));

        var store = Stack.CreateObjectStore();
        foreach (var receiverId in Enumerable.Range(1, 7))
        {
            var data = await store.GetAsync(Stack.Bucket, $"acquisitions/{id}/{receiverId}.sigmf-data", CancellationToken.None);
            var meta = await store.GetAsync(Stack.Bucket, $"acquisitions/{id}/{receiverId}.sigmf-meta", CancellationToken.None);
            Assert.That(data, Has.Length.EqualTo(6000 * 4), $"data of receiver {receiverId}");
            Assert.That(SigMfSchemas.ValidateMeta(meta!), Is.Empty, $"meta of receiver {receiverId}");
            Assert.That(JsonNode.Parse(meta!)!["global"]!["core:sha512"]!.GetValue<string>(), Is.EqualTo(Convert.ToHexStringLower(SHA512.HashData(data!))));
            var sha = await Stack.Database.ScalarAsync<string>($"select iq_sha512 from measurements where acquisition_id = '{id}' and receiver_id = {receiverId}");
            Assert.That(sha, Is.EqualTo(Convert.ToHexStringLower(SHA512.HashData(data!))));

            // The stored metrics, recomputed from the archived samples without Heimdall.Signal.
            var stored = await Stack.Database.ScalarAsync<string>(
                $"select power_dbfs || ' ' || frequency_offset_hz || ' ' || snr_db from measurements where acquisition_id = '{id}' and receiver_id = {receiverId}");
            var values = stored!.Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var recomputed = IndependentMetrics.Measure(data!, 12_000, values[1]);
            Assert.Multiple(() =>
            {
                Assert.That(values[0], Is.EqualTo(recomputed.PowerDbfs).Within(0.1), $"power of receiver {receiverId}");
                Assert.That(values[1], Is.EqualTo(recomputed.OffsetHz).Within(2.0), $"offset of receiver {receiverId}");
                Assert.That(values[2], Is.EqualTo(recomputed.SnrDb).Within(1.0), $"SNR of receiver {receiverId}");
            });
        }

        var collection = await Eventually.Get(() => store.GetAsync(Stack.Bucket, $"acquisitions/{id}/acquisition.sigmf-collection", CancellationToken.None),
            c => c is not null, "the collection");
        Assert.That(SigMfSchemas.ValidateCollection(collection!), Is.Empty);
        Assert.That(JsonNode.Parse(collection!)!["collection"]!["core:streams"]!.AsArray(), Has.Count.EqualTo(7));
    }

    [Test]
    public async Task The_same_request_twice_Should_change_nothing()
    {
        var id = Guid.NewGuid();
        await PublishAsync(Request(id, extra: ""","receiverIds":[2,3]"""));
        await CompletedAsync(id);
        var before = await Stack.Database.ScalarAsync<string>($"select string_agg(iq_sha512 || inserted_at, ',' order by receiver_id) from measurements where acquisition_id = '{id}'");

        await PublishAsync(Request(id, extra: ""","receiverIds":[2,3]"""));
        await PublishAsync(Request(id, extra: ""","receiverIds":[2,3]"""));
        // A later acquisition completing means the duplicates ahead of it have been through the Acquirer.
        var sentinel = Guid.NewGuid();
        await PublishAsync(Request(sentinel, extra: ""","receiverIds":[1]"""));
        await CompletedAsync(sentinel);

        Assert.That(await RowsAsync(id), Is.EqualTo(2));
        Assert.That(await Stack.Database.ScalarAsync<string>($"select string_agg(iq_sha512 || inserted_at, ',' order by receiver_id) from measurements where acquisition_id = '{id}'"), Is.EqualTo(before));
        Assert.That((await _pipeline.SeenAsync("AcquisitionCompleted")).Count(m => m.Get<string>("acquisitionId") == id.ToString()), Is.EqualTo(1), "one AcquisitionCompleted");
    }

    [Test]
    public async Task An_unknown_receiver_Should_give_AcquisitionRejected_and_store_nothing()
    {
        var id = Guid.NewGuid();
        await PublishAsync(Request(id, extra: ""","receiverIds":[3,99]"""));

        var rejected = await RejectedAsync(id);
        Assert.That(rejected.Body["reasons"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "receiverIds: unknown receiver 99." }));
        Assert.That(await RowsAsync(id), Is.Zero);
        await Eventually.Get(() => Stack.Database.ScalarAsync<string>($"select status from acquisitions where acquisition_id = '{id}'"), s => s == "rejected",
            "the acquisition's owner to record the rejection it heard");
        Assert.That(await Stack.CreateObjectStore().StatAsync(Stack.Bucket, $"acquisitions/{id}/3.sigmf-data", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_garbage_message_Should_land_in_the_error_queue_and_the_next_valid_request_still_complete()
    {
        const string garbage = "this is { not json";
        await PublishAsync(garbage);
        var next = Guid.NewGuid();
        await PublishAsync(Request(next, extra: ""","receiverIds":[1,2]"""));

        Assert.That((await CompletedAsync(next)).Get<string>("status"), Is.EqualTo("completed"));
        var errors = await Eventually.Get(() => _pipeline.Rabbit.TakeAsync(Stack.VirtualHost, "acquisition-requested_error"), e => e.Count > 0, "the error queue");
        Assert.That(errors.Select(e => e.Payload), Is.EqualTo(new[] { garbage }));
        Assert.That(errors[0].Headers!["MT-Fault-Message"]!.GetValue<string>(), Does.Contain("invalid"));
    }

    [Test]
    public async Task A_MassTransit_envelope_published_by_hand_Should_complete_like_raw_json()
    {
        var id = Guid.NewGuid();
        var envelope = $$$"""
            {"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:Heimdall.Contracts:AcquisitionRequested"],
             "message":{"acquisitionId":"{{{id}}}","frequencyHz":435000000,"durationSeconds":0.5,"receiverIds":[6,7],"requestedBy":"envelope test"}}
            """;
        await PublishAsync(envelope, "application/vnd.masstransit+json");

        var completed = await CompletedAsync(id);
        Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(2));
        Assert.That(await Stack.Database.ScalarAsync<double>($"select min(frequency_hz) from measurements where acquisition_id = '{id}'"), Is.EqualTo(435_000_000));
    }

    [Test]
    public async Task IqArchived_as_raw_json_from_an_older_and_a_newer_producer_Should_store_a_detected_row_and_a_no_signal_row()
    {
        var id = Guid.NewGuid();
        static string Archived(Guid id, int receiverId, string metrics) =>
            $$"""
            {"acquisitionId":"{{id}}","receiverId":{{receiverId}},"captureStartUtc":"2026-11-28T12:00:00Z","frequencyHz":145500000,
             "sampleRateHz":12000,"sampleCount":6000,"metrics":{{{metrics}}},"iqUri":"s3://b/{{receiverId}}.sigmf-data",
             "metaUri":"s3://b/{{receiverId}}.sigmf-meta","bytes":24000,"iqSha512":"{{new string('a', 128)}}"}
            """;
        // Before signalDetected existed: no such field, numbers everywhere.
        var older = Archived(id, 1, """
            "snrDb":31,"frequencyOffsetHz":-99,"powerDbfs":-39.5,"powerDbm":-99.5,"noiseFloorDbfsPerHz":-111,"peakPsdDbfsPerHz":-59,"occupiedBandwidthHz":2001,"clippingFraction":0
            """);
        var newer = Archived(id, 2, """
            "signalDetected":false,"snrDb":null,"frequencyOffsetHz":null,"powerDbfs":-70,"powerDbm":null,"noiseFloorDbfsPerHz":-112,"peakPsdDbfsPerHz":-110,"occupiedBandwidthHz":null,"clippingFraction":0
            """);

        foreach (var payload in new[] { older, newer })
        {
            Assert.That(await _pipeline.Rabbit.PublishAsync(Stack.VirtualHost, "Heimdall.Contracts:IqArchived", payload), Is.True, "the IqArchived exchange routes to the MetricsWriter's queue");
        }

        await Eventually.Get(() => RowsAsync(id), n => n == 2, "both rows", TimeSpan.FromSeconds(60));
        Assert.That(await Stack.Database.ScalarAsync<string>($"""
            select string_agg(receiver_id || '|' || signal_detected || '|' || coalesce(snr_db::text, 'NULL') || '|' || coalesce(frequency_offset_hz::text, 'NULL')
                              || '|' || coalesce(occupied_bandwidth_hz::text, 'NULL') || '|' || coalesce(power_dbm::text, 'NULL'), ';' order by receiver_id)
            from measurements where acquisition_id = '{id}'
            """), Is.EqualTo("1|true|31|-99|2001|-99.5;2|false|NULL|NULL|NULL|NULL"));
    }
}
