using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Heimdall.Contracts;
using Heimdall.IqArchiver;
using Heimdall.Testing;
using MassTransit.Testing;

namespace Heimdall.IntegrationTests;

[TestFixture]
[NonParallelizable]
public sealed class ArchiverRoundTripTests
{
    [Test]
    public async Task A_capture_Should_come_back_from_S3_byte_for_byte_with_a_schema_valid_meta_carrying_its_sha512()
    {
        await using var stack = await TestStack.CreateAsync();
        await using var host = await HarnessHost.StartAsync(stack.Settings, b => b.AddIqArchiverComponents(), IqArchiverRegistration.AddConsumers);
        var id = Guid.NewGuid();
        var iq = Captures.Iq(3);

        await host.Harness.Bus.Publish(Captures.IqCaptured(id, 3, iq));
        await Eventually.True(() => host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id).Any(), "IqArchived");

        var store = stack.CreateObjectStore();
        var data = await store.GetAsync(stack.Bucket, $"acquisitions/{id}/3.sigmf-data", CancellationToken.None);
        var meta = await store.GetAsync(stack.Bucket, $"acquisitions/{id}/3.sigmf-meta", CancellationToken.None);
        Assert.That(data, Is.EqualTo(iq));
        Assert.That(SigMfSchemas.ValidateMeta(meta!), Is.Empty);

        var global = JsonNode.Parse(meta!)!["global"]!;
        Assert.Multiple(() =>
        {
            Assert.That(global["core:sha512"]!.GetValue<string>(), Is.EqualTo(Convert.ToHexStringLower(SHA512.HashData(data!))));
            Assert.That(global["core:datatype"]!.GetValue<string>(), Is.EqualTo("ci16_le"));
            Assert.That(global["core:sample_rate"]!.GetValue<double>(), Is.EqualTo(12_000));
            Assert.That(global["core:version"]!.GetValue<string>(), Is.EqualTo("1.2.0"));
            Assert.That(global["core:geolocation"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<double>()), Is.EqualTo(new[] { 7.672, 45.044, 250 }));
            Assert.That(global["core:extensions"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("heimdall"));
            Assert.That(global["heimdall:acquisition_id"]!.GetValue<string>(), Is.EqualTo(id.ToString()));
            Assert.That(global["heimdall:receiver_id"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(global["heimdall:metrics"]!["snr_db"]!.GetValue<double>(), Is.EqualTo(33));
            Assert.That(global["heimdall:metrics"]!["signal_detected"]!.GetValue<bool>(), Is.True);
            var capture = JsonNode.Parse(meta!)!["captures"]![0]!;
            Assert.That(capture["core:frequency"]!.GetValue<double>(), Is.EqualTo(145_500_000));
            Assert.That(capture["core:datetime"]!.GetValue<string>(), Is.EqualTo("2026-11-28T12:00:00.000000Z"));
        });
        var archived = host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id).Single().Context.Message;
        Assert.That(archived.IqUri, Is.EqualTo($"s3://{stack.Bucket}/acquisitions/{id}/3.sigmf-data"));
        Assert.That(archived.MetaUri, Is.EqualTo($"s3://{stack.Bucket}/acquisitions/{id}/3.sigmf-meta"));
        Assert.That(archived.Bytes, Is.EqualTo(24_000));
    }

    [Test]
    public async Task The_object_store_ETag_Should_be_the_MD5_of_what_was_put_since_the_duplicate_check_relies_on_it()
    {
        await using var stack = await TestStack.CreateAsync();
        var store = stack.CreateObjectStore();
        await store.EnsureBucketAsync(stack.Bucket, CancellationToken.None);
        var content = Captures.Iq(1, sampleCount: 100);

        await store.PutAsync(stack.Bucket, "etag-check.bin", content, "application/octet-stream", CancellationToken.None);
        var stat = await store.StatAsync(stack.Bucket, "etag-check.bin", CancellationToken.None);

#pragma warning disable CA5351 // compared with the S3 ETag, not used for security
        Assert.That(stat, Is.EqualTo(new Storage.StoredObject(400, Convert.ToHexStringLower(MD5.HashData(content)))));
#pragma warning restore CA5351
    }
}
