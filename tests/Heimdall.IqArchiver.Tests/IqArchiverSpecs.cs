using System.Text.Json.Nodes;
using Heimdall.Contracts;
using Heimdall.IqArchiver.Consumers;
using Heimdall.Storage;
using Heimdall.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.IqArchiver.Tests;

[TestFixture]
[NonParallelizable]
public sealed class IqArchiverSpecs
{
    private TestStack _stack = null!;
    private HarnessHost _host = null!;
    private ObjectStore _store = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _stack = await TestStack.CreateAsync();
        _host = await HarnessHost.StartAsync(_stack.Settings, b => b.AddIqArchiverComponents(), IqArchiverRegistration.AddConsumers);
        _store = _stack.CreateObjectStore();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _stack.DisposeAsync();
        _store.Dispose();
    }

    private async Task ConsumeAsync<T>(T message, Func<T, bool> match)
        where T : class
    {
        var before = Consumed(match);
        await _host.Harness.Bus.Publish(message);
        await Eventually.True(() => Consumed(match) > before, "the archiver to consume " + typeof(T).Name);
    }

    private int Consumed<T>(Func<T, bool> match)
        where T : class =>
        _host.Harness.Consumed.Select<T>(x => match(x.Context.Message)).Count();

    private List<IqArchived> Archived(Guid acquisitionId) =>
        _host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == acquisitionId).Select(x => x.Context.Message).ToList();

    private Task<byte[]?> Object(string key) => _store.GetAsync(_stack.Bucket, key, CancellationToken.None);

    [Test]
    public async Task When_a_capture_arrives_twice_Should_rewrite_nothing_and_publish_IqArchived_again()
    {
        var id = Guid.NewGuid();
        var iq = Captures.Iq(4);
        var capture = Captures.IqCaptured(id, 4, iq);

        await ConsumeAsync(capture, m => m.AcquisitionId == id);
        var meta = await Object(ArchiveKeys.Meta(id, 4));
        await ConsumeAsync(capture, m => m.AcquisitionId == id);

        var archived = Archived(id);
        Assert.That(archived, Has.Count.EqualTo(2));
        Assert.That(archived[1], Is.EqualTo(archived[0]));
        Assert.That(await Object(ArchiveKeys.Meta(id, 4)), Is.EqualTo(meta));
        Assert.That(await Object(ArchiveKeys.Data(id, 4)), Is.EqualTo(iq));
    }

    [Test]
    public async Task When_the_IQ_does_not_match_its_sha512_Should_fault_and_write_nothing()
    {
        var id = Guid.NewGuid();
        var capture = Captures.IqCaptured(id, 2, Captures.Iq(2)) with { IqSha512 = new string('0', 128) };

        await ConsumeAsync(capture, m => m.AcquisitionId == id);

        var fault = _host.Harness.Published.Select<Fault<IqCaptured>>(x => x.Context.Message.Message.AcquisitionId == id).Single().Context.Message;
        Assert.That(fault.Exceptions.Single().Message, Does.Contain("does not match iqSha512"));
        Assert.That(Archived(id), Is.Empty);
        Assert.That(await Object(ArchiveKeys.Data(id, 2)), Is.Null);
        Assert.That(await Object(ArchiveKeys.Meta(id, 2)), Is.Null);
    }

    [Test]
    public async Task When_a_capture_lacks_required_fields_Should_fault_naming_them_and_write_nothing()
    {
        var id = Guid.NewGuid();
        var capture = Captures.IqCaptured(id, 6, Captures.Iq(6)) with { Metrics = null!, Receiver = null! };

        await ConsumeAsync(capture, m => m.AcquisitionId == id);

        var fault = _host.Harness.Published.Select<Fault<IqCaptured>>(x => x.Context.Message.Message.AcquisitionId == id).Single().Context.Message;
        Assert.That(fault.Exceptions.Single().Message, Is.EqualTo($"IqCaptured {id}/6 lacks receiver, metrics."));
        Assert.That(Archived(id), Is.Empty);
        Assert.That(await Object(ArchiveKeys.Data(id, 6)), Is.Null);
    }

    [Test]
    public async Task When_a_capture_held_only_noise_Should_archive_it_with_a_schema_valid_meta_carrying_signal_detected_false_and_nulls()
    {
        var id = Guid.NewGuid();
        var iq = Captures.Iq(7);
        var capture = Captures.IqCaptured(id, 7, iq) with { Metrics = Captures.NoSignalMetrics(7) };

        await ConsumeAsync(capture, m => m.AcquisitionId == id);

        Assert.That(_host.Harness.Published.Select<Fault<IqCaptured>>(x => x.Context.Message.Message.AcquisitionId == id), Is.Empty);
        var meta = await Object(ArchiveKeys.Meta(id, 7));
        Assert.That(meta, Is.Not.Null);
        Assert.That(SigMfSchemas.ValidateMeta(meta!), Is.Empty);
        var metrics = JsonNode.Parse(meta!)!["global"]!["heimdall:metrics"]!.AsObject();
        Assert.That(metrics.Select(p => p.Key), Is.EqualTo(new[]
        {
            "signal_detected", "snr_db", "frequency_offset_hz", "power_dbfs", "power_dbm", "noise_floor_dbfs_per_hz",
            "peak_psd_dbfs_per_hz", "occupied_bandwidth_hz", "clipping_fraction", "basis", "uncertainty",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(metrics["basis"]!.GetValue<string>(), Is.EqualTo("iq"), "a producer that states no basis measured IQ");
            Assert.That(metrics["uncertainty"], Is.Null, "none stated: JSON null");
            Assert.That(metrics["signal_detected"]!.GetValue<bool>(), Is.False);
            Assert.That(metrics["snr_db"], Is.Null, "snr_db is JSON null");
            Assert.That(metrics["frequency_offset_hz"], Is.Null, "frequency_offset_hz is JSON null");
            Assert.That(metrics["occupied_bandwidth_hz"], Is.Null, "occupied_bandwidth_hz is JSON null");
            Assert.That(metrics["power_dbfs"]!.GetValue<double>(), Is.EqualTo(-36.5));
            Assert.That(metrics["power_dbm"]!.GetValue<double>(), Is.EqualTo(-96.5));
            Assert.That(metrics["noise_floor_dbfs_per_hz"]!.GetValue<double>(), Is.EqualTo(-117));
            Assert.That(metrics["peak_psd_dbfs_per_hz"]!.GetValue<double>(), Is.EqualTo(-115));
            Assert.That(metrics["clipping_fraction"]!.GetValue<double>(), Is.EqualTo(7 / 1024.0));
        });
        Assert.That(JsonNode.Parse(meta!)!["global"]!["core:extensions"]![0]!["version"]!.GetValue<string>(), Is.EqualTo("1.3.0"), "1.3.0 since heimdall:passband, heimdall:metrics.basis and heimdall:audio");
        Assert.That(await Object(ArchiveKeys.Data(id, 7)), Is.EqualTo(iq));
        var archived = Archived(id).Single();
        Assert.That(archived.Metrics, Is.EqualTo(Captures.NoSignalMetrics(7)));
    }

    [Test]
    public async Task When_the_capture_names_the_band_its_receiver_passed_Should_record_it_in_the_meta_and_pass_it_on_in_IqArchived()
    {
        var id = Guid.NewGuid();
        var passband = new CapturePassband { LowHz = -5_000, HighHz = 5_000 };
        var capture = Captures.IqCaptured(id, 4, Captures.Iq(4)) with { Passband = passband };

        await ConsumeAsync(capture, m => m.AcquisitionId == id);

        var meta = JsonNode.Parse((await Object(ArchiveKeys.Meta(id, 4)))!)!["global"]!;
        Assert.That(meta["heimdall:passband"]!.ToJsonString(), Is.EqualTo("""{"low_hz":-5000,"high_hz":5000}"""));
        Assert.That(Archived(id).Single().Passband, Is.EqualTo(passband));
    }

    [Test]
    public async Task When_the_IQ_comes_as_a_claim_check_Should_archive_it_and_remove_the_claim()
    {
        var id = Guid.NewGuid();
        var iq = Captures.Iq(5, sampleCount: 72_000);
        var claims = _host.Services.GetRequiredService<S3MessageDataRepository>();
        var claim = await claims.PutBytes(iq);
        var capture = Captures.IqCaptured(id, 5, iq, claim);

        await ConsumeAsync(capture, m => m.AcquisitionId == id);

        Assert.That(await Object(ArchiveKeys.Data(id, 5)), Is.EqualTo(iq));
        var (bucket, key) = S3MessageDataRepository.Parse(claim.Address);
        Assert.That(await _store.GetAsync(bucket, key, CancellationToken.None), Is.Null, "the claim-check object is removed once archived");
        Assert.That(Archived(id).Single().Bytes, Is.EqualTo(288_000));
    }

    [Test]
    public async Task When_an_acquisition_completes_Should_write_a_valid_collection_naming_each_recording_with_its_meta_sha512()
    {
        var id = Guid.NewGuid();
        foreach (var receiverId in new[] { 1, 3 })
        {
            await ConsumeAsync(Captures.IqCaptured(id, receiverId, Captures.Iq(receiverId)), m => m.AcquisitionId == id && m.ReceiverId == receiverId);
        }

        await ConsumeAsync(new AcquisitionCompleted
        {
            AcquisitionId = id,
            Status = AcquisitionStatus.Partial,
            ReceiversStored = 2,
            ReceiversFailed = 1,
            ElapsedMs = 1000,
            StoredReceiverIds = [1, 3],
            FailedReceiverIds = [2],
        }, m => m.AcquisitionId == id);

        var collection = await Object(ArchiveKeys.Collection(id));
        Assert.That(collection, Is.Not.Null);
        Assert.That(SigMfSchemas.ValidateCollection(collection!), Is.Empty);
        var streams = JsonNode.Parse(collection!)!["collection"]!["core:streams"]!.AsArray();
        Assert.That(streams.Select(s => s!.GetValueKind()), Is.All.EqualTo(System.Text.Json.JsonValueKind.Object), "SigMF Recording Objects, not [name, hash] tuples");
        Assert.That(streams.Select(s => string.Join(",", s!.AsObject().Select(p => p.Key))), Is.All.EqualTo("name,hash"));
        Assert.That(streams.Select(s => s!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(streams[1]!["hash"]!.GetValue<string>(), Is.EqualTo(Captures.Sha512((await Object(ArchiveKeys.Meta(id, 3)))!)));
    }
}
