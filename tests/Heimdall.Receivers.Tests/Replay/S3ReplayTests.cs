using Heimdall.Receivers.Replay;
using Heimdall.Storage;
using Heimdall.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Minio;

namespace Heimdall.Receivers.Tests.Replay;

/// <summary>Replay from the real object store (HEIMDALL_TEST_S3 or a container): ranged reads of exactly the samples replayed.</summary>
[TestFixture]
[NonParallelizable]
public sealed class S3ReplayTests
{
    private readonly string _bucket = "heimdall-replay-" + Guid.NewGuid().ToString("N")[..10];
    private ObjectStore _store = null!;
    private SigMfReplayDriver _driver = null!;

    /// <summary>An object store that is never called (for Validate).</summary>
    internal static ObjectStore AnyStore() => new(new MinioClient().WithEndpoint("127.0.0.1:1").WithCredentials("unused", "unused").Build(),
        Microsoft.Extensions.Options.Options.Create(new S3Options()), NullLogger<ObjectStore>.Instance);

    [OneTimeSetUp]
    public async Task CreateBucket()
    {
        var endpoints = await TestEndpoints.GetAsync();
        var options = new S3Options { Endpoint = endpoints.S3Endpoint, AccessKey = endpoints.S3AccessKey, SecretKey = endpoints.S3SecretKey, Bucket = _bucket };
        var client = new MinioClient().WithEndpoint(options.Endpoint).WithCredentials(options.AccessKey, options.SecretKey).WithSSL(false).Build();
        _store = new ObjectStore(client, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ObjectStore>.Instance);
        await _store.EnsureBucketAsync(_bucket, CancellationToken.None);
        _driver = new SigMfReplayDriver(TimeProvider.System, NullLogger<SigMfReplayDriver>.Instance, _store);
    }

    [OneTimeTearDown]
    public void Stop() => _store.Dispose();

    private async Task<byte[]> PutAsync(string baseKey, string meta, byte[] data)
    {
        await _store.PutAsync(_bucket, baseKey + ".sigmf-data", data, "application/octet-stream", CancellationToken.None);
        await _store.PutAsync(_bucket, baseKey + ".sigmf-meta", System.Text.Encoding.UTF8.GetBytes(meta), "application/json", CancellationToken.None);
        return data;
    }

    [TestCase("ci16_le", 4)]
    [TestCase("cu8", 2)]
    [TestCase("cf32_le", 8)]
    public async Task From_a_meta_key_Should_deliver_the_slice_from_startSample(string datatype, int bytesPerSample)
    {
        var data = await PutAsync($"recordings/{datatype}/tone", ReplayRecordings.Meta(datatype), ReplayRecordings.Data(datatype));

        var capture = await _driver.CaptureAsync(
            ReplayRecordings.Receiver($"s3://{_bucket}/recordings/{datatype}/tone.sigmf-meta", """{"speed": "full", "startSample": 1001}"""),
            ReplayRecordings.Request(sampleCount: 20_000), CancellationToken.None);

        Assert.That(capture.Iq, Is.EqualTo(data.AsSpan(1001 * bytesPerSample, 20_000 * bytesPerSample).ToArray()));
        Assert.That(capture.CaptureStartUtc, Is.EqualTo(ReplayRecordings.Recorded.AddSeconds(1001 / ReplayRecordings.RateHz)));
    }

    [Test]
    public async Task From_an_archived_acquisition_folder_Should_find_the_receiver_s_recording_by_its_name_without_listing()
    {
        var data = await PutAsync("acquisitions/a1/7", ReplayRecordings.Meta(receiverId: 7), ReplayRecordings.Data("ci16_le", seed: 7));
        await PutAsync("acquisitions/a1/8", ReplayRecordings.Meta(receiverId: 8), ReplayRecordings.Data("ci16_le", seed: 8));

        var capture = await _driver.CaptureAsync(ReplayRecordings.Receiver($"s3://{_bucket}/acquisitions/a1/", """{"speed": "full", "receiverId": 7}"""),
            ReplayRecordings.Request(sampleCount: 48_000), CancellationToken.None);

        Assert.That(capture.Iq, Is.EqualTo(data));
    }

    [Test]
    public async Task From_a_collection_in_the_bucket_Should_choose_the_stream()
    {
        var data = await PutAsync("acquisitions/a2/2", ReplayRecordings.Meta("cu8", receiverId: 2), ReplayRecordings.Data("cu8", seed: 2));
        await _store.PutAsync(_bucket, "acquisitions/a2/acquisition.sigmf-collection",
            """{"collection": {"core:version": "1.2.0", "core:streams": [{"name": "2", "hash": "x"}]}}"""u8.ToArray(), "application/json", CancellationToken.None);

        var capture = await _driver.CaptureAsync(ReplayRecordings.Receiver($"s3://{_bucket}/acquisitions/a2/acquisition.sigmf-collection", """{"speed": "full"}"""),
            ReplayRecordings.Request(sampleCount: 100), CancellationToken.None);

        Assert.That(capture.Iq, Is.EqualTo(data[..200]));
    }

    [Test]
    public async Task When_the_key_does_not_exist_Should_refuse_and_the_probe_say_unreachable()
    {
        var receiver = ReplayRecordings.Receiver($"s3://{_bucket}/nowhere/9.sigmf-meta");

        var refused = Assert.ThrowsAsync<ReceiverRefusedException>(() => _driver.CaptureAsync(receiver, ReplayRecordings.Request(), CancellationToken.None));
        var health = await _driver.ProbeAsync(receiver, CancellationToken.None);

        Assert.That(refused!.Message, Is.EqualTo($"s3://{_bucket}/nowhere/9.sigmf-meta does not exist."));
        Assert.That(health.Reachable, Is.False);
        Assert.That(health.Detail, Is.EqualTo(refused.Message));
    }
}
