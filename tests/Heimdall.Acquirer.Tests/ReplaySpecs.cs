using System.Text;
using Heimdall.Contracts;
using Heimdall.Storage;
using Heimdall.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Heimdall.Acquirer.Tests;

/// <summary>
/// A request with replayOfAcquisitionId: the original's stored recordings (written here into the bucket, with their
/// measurement rows) are replayed as receivers of kind file; what cannot be replayed is rejected, naming why.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_an_archived_acquisition_is_replayed
{
    private static readonly DateTimeOffset Recorded = new(2026, 11, 28, 18, 30, 0, TimeSpan.Zero);
    private readonly Guid _original = Guid.NewGuid();
    private readonly Dictionary<int, byte[]> _data = [];
    private AcquirerHarness _acquirer = null!;

    [OneTimeSetUp]
    public async Task ArchiveTheOriginal()
    {
        _acquirer = await AcquirerHarness.StartAsync(("ReceiverHealth:Enabled", "false"));
        var store = _acquirer.Host.Services.GetRequiredService<ObjectStore>();
        var bucket = _acquirer.Stack.Bucket;
        await _acquirer.Stack.Database.ExecuteAsync($"""
            insert into acquisitions (acquisition_id, status, frequency_hz, duration_seconds, receivers_expected, receivers_stored, receiver_ids)
            values ('{_original}', 'completed', 145500000, 0.5, 2, 2, '{"{"}3,5{"}"}')
            """);
        foreach (var receiverId in new[] { 3, 5 })
        {
            _data[receiverId] = Captures.Iq(receiverId);
            var key = $"acquisitions/{_original}/{receiverId}";
            await store.PutAsync(bucket, key + ".sigmf-data", _data[receiverId], "application/octet-stream", CancellationToken.None);
            await store.PutAsync(bucket, key + ".sigmf-meta", Encoding.UTF8.GetBytes($$$"""
                {"global": {"core:datatype": "ci16_le", "core:sample_rate": 12000, "core:version": "1.2.0", "heimdall:receiver_id": {{{receiverId}}},
                            "heimdall:timing": {"source": "host-clock"}},
                 "captures": [{"core:sample_start": 0, "core:frequency": 145500000, "core:datetime": "2026-11-28T18:30:00.000000Z"}], "annotations": []}
                """), "application/json", CancellationToken.None);
            await _acquirer.Stack.Database.ExecuteAsync($"""
                insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, snr_db, frequency_offset_hz,
                                          power_dbfs, noise_floor_dbfs_hz, peak_psd_dbfs_hz, occupied_bandwidth_hz, clipping_fraction, iq_uri, iq_sha512)
                values ('{_original}', {receiverId}, '2026-11-28T18:30:00Z', 145500000, 12000, 6000, 20, 10, -30, -90, -40, 5, 0,
                        's3://{bucket}/{key}.sigmf-data', '{Captures.Sha512(_data[receiverId])}')
                """);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _acquirer.DisposeAsync();

    private static AcquisitionRequested Replay(Guid original, double frequencyHz = 0, double durationSeconds = 0, double? sampleRateHz = null, int[]? receiverIds = null) => new()
    {
        AcquisitionId = Guid.NewGuid(),
        ReplayOfAcquisitionId = original,
        FrequencyHz = frequencyHz,
        DurationSeconds = durationSeconds,
        SampleRateHz = sampleRateHz,
        ReceiverIds = receiverIds,
        RequestedBy = "replay tests",
    };

    [Test]
    public async Task Should_capture_each_stored_recording_again_as_it_was_archived()
    {
        var request = Replay(_original);

        await _acquirer.PublishAndWaitAsync(request);

        var started = _acquirer.Published<AcquisitionStarted>(request.AcquisitionId, m => m.AcquisitionId).Single();
        var captured = _acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).OrderBy(c => c.ReceiverId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(started.ReceiverIds, Is.EqualTo(new[] { 3, 5 }));
            Assert.That(started.FrequencyHz, Is.EqualTo(145_500_000));
            Assert.That(started.DurationSeconds, Is.EqualTo(0.5));
            Assert.That(captured.Select(c => c.ReceiverId), Is.EqualTo(new[] { 3, 5 }));
            Assert.That(captured.Select(c => c.Receiver.Kind), Is.All.EqualTo("file"));
            Assert.That(captured.Select(c => c.Receiver.Name), Is.EqualTo(new[] { "Torino", "Passo del Giovi" }));
            Assert.That(captured.Select(c => c.SampleCount), Is.All.EqualTo(6000));
            Assert.That(captured.Select(c => c.SampleRateHz), Is.All.EqualTo(12_000));
            Assert.That(captured.Select(c => c.IqSha512), Is.EqualTo(new[] { Captures.Sha512(_data[3]), Captures.Sha512(_data[5]) }), "the archived samples, byte for byte");
            Assert.That(captured.Select(c => c.CaptureStartUtc), Is.All.EqualTo(Recorded));
            Assert.That(captured.Select(c => c.Timing!.Source), Is.All.EqualTo(TimingSources.Recorded));
            Assert.That(captured[0].Timing!.Warnings, Does.Contain("the recording's own time came from host-clock."));
        });
        Assert.That(await _acquirer.Stack.Database.ScalarAsync<string>(
            $"select status || ':' || (captured_at is not null) from acquisition_claims where acquisition_id = '{request.AcquisitionId}'"),
            Is.EqualTo("accepted:true"));
    }

    [Test]
    public async Task With_receiverIds_Should_replay_only_those()
    {
        var request = Replay(_original, receiverIds: [5]);

        await _acquirer.PublishAndWaitAsync(request);

        Assert.That(_acquirer.Published<IqCaptured>(request.AcquisitionId, m => m.AcquisitionId).Select(c => c.ReceiverId), Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public async Task Of_an_unknown_acquisition_Should_reject_it_naming_the_id()
    {
        var unknown = Guid.NewGuid();
        var request = Replay(unknown);

        await _acquirer.PublishAndWaitAsync(request);

        Assert.That(_acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId).Single().Reasons,
            Is.EqualTo(new[] { $"replayOfAcquisitionId: acquisition {unknown} is unknown." }));
    }

    [Test]
    public async Task With_another_frequency_duration_or_a_sample_rate_Should_reject_listing_each()
    {
        var request = Replay(_original, frequencyHz: 435e6, durationSeconds: 2, sampleRateHz: 48_000);

        await _acquirer.PublishAndWaitAsync(request);

        Assert.That(_acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId).Single().Reasons, Is.EqualTo(new[]
        {
            $"frequencyHz 435000000 differs from the 145500000 Hz of the replayed acquisition {_original}: leave it out (or 0) to use it.",
            $"durationSeconds 2 differs from the 0.5 s of the replayed acquisition {_original}: leave it out (or 0) to use it.",
            "sampleRateHz must be absent in a replay: each recording is replayed at the rate it was taken at.",
        }));
    }

    [Test]
    public async Task Of_an_acquisition_with_nothing_stored_Should_reject_it()
    {
        var empty = Guid.NewGuid();
        await _acquirer.Stack.Database.ExecuteAsync($"insert into acquisitions (acquisition_id, status, frequency_hz, duration_seconds) values ('{empty}', 'failed', 145500000, 1)");
        var request = Replay(empty);

        await _acquirer.PublishAndWaitAsync(request);

        Assert.That(_acquirer.Published<AcquisitionRejected>(request.AcquisitionId, m => m.AcquisitionId).Single().Reasons,
            Is.EqualTo(new[] { $"replayOfAcquisitionId: acquisition {empty} (failed) has no stored recording to replay." }));
    }
}
