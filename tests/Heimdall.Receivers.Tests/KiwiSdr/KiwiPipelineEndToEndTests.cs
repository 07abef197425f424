using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using Heimdall.Testing;

namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>
/// The Acquirer, IqArchiver and MetricsWriter as real processes on the real stack, with emulated Kiwis registered as
/// <c>kiwisdr</c> receivers beside the simulated ones: a Kiwi behind a 2 m converter (freq_offset 144 MHz) that hears a
/// tone, the same on the 3-channel firmware (20.25 kHz, so the default ±5 kHz passband leaves half the band empty), and
/// a Kiwi whose 24-hour IP limit is used up.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KiwiPipelineEndToEndTests
{
    private const double TuneHz = 145_500_000;
    private const int KiwiId = 8;
    private const int LimitedKiwiId = 9;
    private const int ThreeChannelKiwiId = 10;
    private static readonly (double Low, double High) DefaultPassband = (-5_000, 5_000);
    private static readonly KiwiEmulatorOptions Hearing = new() { FreqOffsetKHz = 144_000, ToneFrequencyHz = TuneHz + 1_234.5, SnrDb = 20 };

    /// <summary>A 3-channel-firmware Kiwi: IQ at about 20250 Hz, of which the default passband passes 10 kHz.</summary>
    private static readonly KiwiEmulatorOptions ThreeChannel = Hearing with
    {
        TrueSampleRateHz = 20_250.012, AnnouncedSampleRateHz = 20_250.05, AudioRateHz = 20_250, UsersMax = 3, NoiseSeed = 11,
    };
    private PipelineProcesses _pipeline = null!;
    private KiwiEmulator _kiwi = null!;
    private KiwiEmulator _limitedKiwi = null!;
    private KiwiEmulator _threeChannelKiwi = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        _kiwi = new KiwiEmulator(Hearing);
        _limitedKiwi = new KiwiEmulator(new() { RefuseAtConnect = "ip_limit=60%2C127.0.0.1" });
        _threeChannelKiwi = new KiwiEmulator(ThreeChannel);
        _pipeline = await PipelineProcesses.StartAsync(["AcquisitionCompleted", "ReceiverCaptureFailed"], stack => stack.Database.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $$"""
            insert into receivers (receiver_id, name, kind, url, latitude, longitude, altitude_m, min_frequency_hz, max_frequency_hz,
                                   sample_rate_hz, calibration_db, timeout_seconds, retry_count, settings)
            values ({{KiwiId}}, 'Kiwi behind a 2 m converter', 'kiwisdr', '{{_kiwi.Url}}', 45.07, 7.69, 240, 144e6, 146e6, 12000, null, 10, 2, '{"identUser": "Heimdall e2e"}'),
                   ({{LimitedKiwiId}}, 'Kiwi over its IP limit', 'kiwisdr', '{{_limitedKiwi.Url}}', 45.10, 7.70, 300, 144e6, 146e6, 12000, null, 10, 2, '{"ipLimitCoolDownSeconds": 3600}'),
                   ({{ThreeChannelKiwiId}}, 'Kiwi on the 3-channel firmware', 'kiwisdr', '{{_threeChannelKiwi.Url}}', 45.05, 7.65, 260, 144e6, 146e6, 20250, null, 10, 2, '{}')
            """)));
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await _pipeline.DisposeAsync();
        await _kiwi.DisposeAsync();
        await _limitedKiwi.DisposeAsync();
        await _threeChannelKiwi.DisposeAsync();
    }

    [TearDown]
    public void ShowServiceOutputOnFailure() => _pipeline.WriteOutputsIfTestFailed();

    private TestStack Stack => _pipeline.Stack;

    private Task PublishAsync(Guid id, string receiverIds, DateTimeOffset? startAtUtc = null, double durationSeconds = 0.5)
    {
        var start = startAtUtc is { } at ? $",\"startAtUtc\":\"{at.UtcDateTime:O}\"" : "";
        return _pipeline.PublishRequestAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"acquisitionId":"{{id}}","frequencyHz":{{TuneHz}},"durationSeconds":{{durationSeconds}},"receiverIds":[{{receiverIds}}]{{start}}}"""));
    }

    private Task<JsonMessage> CompletedAsync(Guid id) => _pipeline.CompletedAsync(id);

    private Task<JsonMessage> FailedAsync(Guid id, int receiverId) =>
        _pipeline.AwaitAsync("ReceiverCaptureFailed", m => m.Get<string>("acquisitionId") == id.ToString() && m.Get<int>("receiverId") == receiverId, $"ReceiverCaptureFailed for {id}/{receiverId}");

    [Test]
    public async Task A_Kiwi_beside_simulated_receivers_Should_be_stored_with_its_tone_its_GNSS_start_and_its_stamps_in_the_SigMF_meta()
    {
        var id = Guid.NewGuid();
        // Ahead by more than the discard period and handshake (3.5 s) plus the Acquirer's own way to the driver, which
        // for the first request of a fresh process (JIT, first connections) on a loaded machine can take seconds.
        var start = DateTimeOffset.UtcNow.AddSeconds(12);
        await PublishAsync(id, $"1,2,{KiwiId}", start);

        var completed = await CompletedAsync(id);
        Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(3));
        var row = (await Stack.Database.ScalarAsync<string>(string.Create(CultureInfo.InvariantCulture, $"""
            select frequency_offset_hz || '|' || snr_db || '|' || sample_count || '|' || sample_rate_hz || '|' || timing_source || '|' || to_char(captured_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
            from measurements where acquisition_id = '{id}' and receiver_id = {KiwiId}
            """)))!.Split('|');
        var store = Stack.CreateObjectStore();
        var meta = await store.GetAsync(Stack.Bucket, $"acquisitions/{id}/{KiwiId}.sigmf-meta", CancellationToken.None);
        var data = await store.GetAsync(Stack.Bucket, $"acquisitions/{id}/{KiwiId}.sigmf-data", CancellationToken.None);
        var global = JsonNode.Parse(meta!)!["global"]!;
        var timing = global["heimdall:timing"]!;
        var captures = JsonNode.Parse(meta!)!["captures"]!.AsArray();
        var firstSampleUtc = DateTimeOffset.Parse(captures[0]!["core:datetime"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var samplePeriod = TimeSpan.FromSeconds(1 / Hearing.TrueSampleRateHz);
        Assert.Multiple(() =>
        {
            Assert.That(double.Parse(row[0], CultureInfo.InvariantCulture), Is.EqualTo(1_234.5).Within(1), "tone offset, Hz");
            Assert.That(double.Parse(row[1], CultureInfo.InvariantCulture), Is.EqualTo(InBandTruth.SnrDb(Hearing, DefaultPassband)).Within(InBandTruth.ToleranceDb(Hearing, DefaultPassband, 6000)), "SNR in the passband, dB");
            Assert.That(row[2], Is.EqualTo("6000"), "sample count");
            Assert.That(double.Parse(row[3], CultureInfo.InvariantCulture), Is.EqualTo(Hearing.TrueSampleRateHz).Within(0.01), "stored rate: measured");
            Assert.That(row[4], Is.EqualTo("gnss"));
            Assert.That(data, Has.Length.EqualTo(6000 * 4));
            Assert.That(SigMfSchemas.ValidateMeta(meta!), Is.Empty);
            Assert.That(global["core:datatype"]!.GetValue<string>(), Is.EqualTo("ci16_le"));
            Assert.That(global["core:sample_rate"]!.GetValue<double>(), Is.EqualTo(Hearing.TrueSampleRateHz).Within(0.01));
            Assert.That(timing["source"]!.GetValue<string>(), Is.EqualTo("gnss"));
            Assert.That(timing["measured_sample_rate_hz"]!.GetValue<double>(), Is.EqualTo(Hearing.TrueSampleRateHz).Within(0.01));
            Assert.That(timing["announced_sample_rate_hz"]!.GetValue<double>(), Is.EqualTo(Hearing.AnnouncedSampleRateHz));
            Assert.That(timing["receiver_version"]!.GetValue<string>(), Is.EqualTo("KiwiSDR 1.711"));
            Assert.That(timing["gnss_solution_age_s"]!.GetValue<int>(), Is.EqualTo(2));
            var (low, high) = StampResidualRange.RmsNs(timing["stamp_count"]!.GetValue<int>(), Hearing.StampJitterNs);
            Assert.That(timing["stamp_residual_rms_ns"]!.GetValue<double>(), Is.InRange(low, high));
            Assert.That(timing["warnings"]!.AsArray(), Is.Empty);

            // The GNSS instant of the first sample: the first at or after startAtUtc, to within a sample.
            Assert.That(firstSampleUtc - start, Is.InRange(TimeSpan.FromTicks(-10), samplePeriod + TimeSpan.FromTicks(10)));
            Assert.That(row[5], Is.EqualTo(firstSampleUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)));

            // One capture segment per stamp (after the one at sample 0 when the first stamp is later), 512 samples apart.
            var starts = captures.Select(c => c!["core:sample_start"]!.GetValue<long>()).ToList();
            var stamps = timing["stamp_count"]!.GetValue<int>();
            Assert.That(stamps, Is.InRange(11, 12));
            Assert.That(starts, Has.Count.EqualTo(starts[1] == 512 ? stamps : stamps + 1));
            Assert.That(starts.Skip(2).Zip(starts.Skip(1), (b, a) => b - a), Is.All.EqualTo(512));
        });
        Assert.That(_kiwi.Sessions[^1].Commands, Has.Member("SET mod=iq low_cut=-5000 high_cut=5000 freq=1500.000"));
        Assert.That(_kiwi.Sessions[^1].Commands, Has.Member("SET ident_user=Heimdall%20e2e"));
    }

    [Test]
    public async Task A_3_channel_Kiwi_whose_passband_leaves_half_the_band_empty_Should_be_measured_inside_its_passband_and_record_it()
    {
        var id = Guid.NewGuid();
        await PublishAsync(id, $"{ThreeChannelKiwiId}", DateTimeOffset.UtcNow.AddSeconds(12), durationSeconds: 1);

        Assert.That((await CompletedAsync(id)).Get<int>("receiversStored"), Is.EqualTo(1));
        var row = (await Stack.Database.ScalarAsync<string>(string.Create(CultureInfo.InvariantCulture, $"""
            select snr_db || '|' || noise_floor_dbfs_hz || '|' || sample_count || '|' || frequency_offset_hz
            from measurements where acquisition_id = '{id}' and receiver_id = {ThreeChannelKiwiId}
            """)))!.Split('|').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var meta = JsonNode.Parse((await Stack.CreateObjectStore().GetAsync(Stack.Bucket, $"acquisitions/{id}/{ThreeChannelKiwiId}.sigmf-meta", CancellationToken.None))!)!;
        var global = meta["global"]!;
        var tolerance = InBandTruth.ToleranceDb(ThreeChannel, DefaultPassband, (long)row[2]);
        Assert.Multiple(() =>
        {
            Assert.That(row[2], Is.EqualTo(20_250), "one second at the receiver's 20250 Hz");
            Assert.That(row[0], Is.EqualTo(InBandTruth.SnrDb(ThreeChannel, DefaultPassband)).Within(tolerance), "SNR in the passband (about 23.06 dB), dB");
            Assert.That(row[1], Is.EqualTo(InBandTruth.NoiseFloorDbfsPerHz(ThreeChannel)).Within(tolerance), "noise floor in the passband (about −83.06 dBFS/Hz)");
            Assert.That(row[3], Is.EqualTo(1_234.5).Within(1), "tone offset, Hz");
            Assert.That(global["heimdall:passband"]?.ToJsonString(), Is.EqualTo("""{"low_hz":-5000,"high_hz":5000}"""), "the band the receiver passed, recorded in the meta");
            Assert.That(global["heimdall:metrics"]!["snr_db"]!.GetValue<double>(), Is.EqualTo(row[0]).Within(1e-9));
            Assert.That(SigMfSchemas.ValidateMeta(System.Text.Encoding.UTF8.GetBytes(meta.ToJsonString())), Is.Empty);
        });
        Assert.That(_threeChannelKiwi.Sessions[^1].Commands, Has.Member("SET mod=iq low_cut=-5000 high_cut=5000 freq=1500.000"));
    }

    [Test]
    public async Task A_Kiwi_over_its_IP_limit_Should_fail_with_its_words_while_the_others_complete_and_be_skipped_next_time_without_a_connection()
    {
        var first = Guid.NewGuid();
        var published = Stopwatch.GetTimestamp();
        await PublishAsync(first, $"1,{LimitedKiwiId}");

        var failed = await FailedAsync(first, LimitedKiwiId);
        var failedAfter = Stopwatch.GetElapsedTime(published);
        var completed = await CompletedAsync(first);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Get<string>("reason"), Does.StartWith($"receiver {LimitedKiwiId} 'Kiwi over its IP limit': KiwiSDR ws://127.0.0.1:{_limitedKiwi.Port}/")
                .And.Contain("said 'MSG ip_limit=60%2C127.0.0.1' at connect: the 24-hour connect-time limit of 60 min for IP 127.0.0.1 is used up")
                .And.EndWith("Not contacted again for 3600 s (settings.ipLimitCoolDownSeconds)."));
            Assert.That(failed.Get<int>("attempts"), Is.EqualTo(1), "a refusal is never retried");
            Assert.That(failedAfter, Is.LessThan(TimeSpan.FromSeconds(10)), "within the receiver's timeout");
            Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(1));
            Assert.That(_limitedKiwi.SoundUpgrades, Is.EqualTo(1));
        });
        var until = await Stack.Database.ScalarAsync<DateTime>($"select until from receiver_cooldowns where receiver_id = {LimitedKiwiId}");
        Assert.That(until, Is.EqualTo(DateTime.UtcNow.AddHours(1)).Within(TimeSpan.FromMinutes(1)));

        var second = Guid.NewGuid();
        var connectionsBefore = _limitedKiwi.TcpConnections;
        await PublishAsync(second, $"1,{LimitedKiwiId}");

        var skipped = await FailedAsync(second, LimitedKiwiId);
        Assert.That((await CompletedAsync(second)).Get<int>("receiversStored"), Is.EqualTo(1));
        Assert.That(skipped.Get<string>("reason"), Does.StartWith($"receiver {LimitedKiwiId} 'Kiwi over its IP limit' is in a cool-down until ").And.Contain("and was not contacted: ").And.Contain("ip_limit=60%2C127.0.0.1"));
        Assert.That(skipped.Get<int>("attempts"), Is.Zero);
        Assert.That(_limitedKiwi.TcpConnections, Is.EqualTo(connectionsBefore), "no connection attempt during the cool-down");
    }
}
