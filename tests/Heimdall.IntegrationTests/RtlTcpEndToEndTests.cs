using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Heimdall.Testing;
using Heimdall.Testing.RtlTcp;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The three services as real processes with rtl_tcp emulators registered as receivers beside the simulated network:
/// a capture measured right (tone offset, SNR, sample count, exact rate), a stalled dongle reported as
/// ReceiverCaptureFailed naming the stall within its timeout while the others complete, and <c>heimdall replay</c> of
/// the completed acquisition (the CLI as a process) giving a new completed acquisition with the same measurements.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class RtlTcpEndToEndTests
{
    private const int Healthy = 11;
    private const int Stalling = 12;
    private const double StalledTimeoutSeconds = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private PipelineProcesses _pipeline = null!;
    private RtlTcpEmulator _healthy = null!;
    private RtlTcpEmulator _stalling = null!;
    private Guid _original;

    [OneTimeSetUp]
    public async Task StartServicesAndCapture()
    {
        _healthy = new RtlTcpEmulator();
        _stalling = new RtlTcpEmulator(new RtlTcpEmulatorOptions { StallAfterBytes = 1_500_000, TransferBytes = 65_536 });
        _pipeline = await PipelineProcesses.StartAsync(["AcquisitionCompleted", "ReceiverCaptureFailed"], stack => stack.Database.ExecuteAsync($"""
            insert into receivers (receiver_id, name, kind, url, latitude, longitude, min_frequency_hz, max_frequency_hz, sample_rate_hz,
                                   calibration_db, timeout_seconds, retry_count, settings)
            values ({Healthy}, 'Dongle on the roof', 'rtl_tcp', '{_healthy.Url}', 45.07, 7.69, 24e6, 1766e6, 2048000, -50, 10, 1, '{"{"}"gainDb": 29.7{"}"}'),
                   ({Stalling}, 'Dongle that stalls', 'rtl_tcp', '{_stalling.Url}', 45.07, 7.69, 24e6, 1766e6, 2048000, null, {StalledTimeoutSeconds}, 0,
                    '{"{"}"stallTimeoutSeconds": 1, "headerTimeoutSeconds": 1{"}"}')
            """),
            (_, settings) => settings["ReceiverHealth:Enabled"] = "false"); // a probe would take the emulators' one client slot during a capture

        _original = Guid.NewGuid();
        await PublishAsync($$"""{"acquisitionId":"{{_original}}","frequencyHz":145500000,"durationSeconds":0.5,"receiverIds":[1,{{Healthy}}]}""");
        await CompletedAsync(_original);
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await _pipeline.DisposeAsync();
        await _healthy.DisposeAsync();
        await _stalling.DisposeAsync();
    }

    [TearDown]
    public void ShowServiceOutputOnFailure() => _pipeline.WriteOutputsIfTestFailed();

    private TestStack Stack => _pipeline.Stack;

    private Task PublishAsync(string payload) => _pipeline.PublishRequestAsync(payload);

    private Task<JsonMessage> CompletedAsync(Guid id) => _pipeline.CompletedAsync(id, Timeout);

    private Task<string?> MeasurementAsync(Guid id, int receiverId, string columns) => Stack.Database.ScalarAsync<string>(
        $"select concat_ws(' ', {columns}) from measurements where acquisition_id = '{id}' and receiver_id = {receiverId}");

    [Test]
    public async Task The_rtl_tcp_capture_Should_be_stored_with_the_tone_the_SNR_the_samples_and_the_exact_rate()
    {
        var completed = await CompletedAsync(_original);
        var row = (await MeasurementAsync(_original, Healthy, "sample_count, sample_rate_hz, frequency_offset_hz, snr_db, timing_source, frequency_hz"))!.Split(' ');

        Assert.Multiple(() =>
        {
            Assert.That(completed.Get<string>("status"), Is.EqualTo("completed"));
            Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(2));
            Assert.That(long.Parse(row[0], CultureInfo.InvariantCulture), Is.EqualTo(1_024_000), "0.5 s at 2.048 MS/s");
            Assert.That(double.Parse(row[1], CultureInfo.InvariantCulture), Is.EqualTo(2_048_000), "librtlsdr's exact rate for 2048000");
            Assert.That(double.Parse(row[2], CultureInfo.InvariantCulture), Is.EqualTo(1_234.5).Within(1.0), "tone offset within 1 Hz");
            Assert.That(double.Parse(row[3], CultureInfo.InvariantCulture), Is.EqualTo(20).Within(1.0), "SNR within 1 dB of the emulator's 20 dB");
            Assert.That(row[4], Is.EqualTo("host-clock"));
            Assert.That(double.Parse(row[5], CultureInfo.InvariantCulture), Is.EqualTo(145_500_000));
        });
        var client = _healthy.Clients[^1];
        Assert.That(client.Commands.Where(c => c.Code is 0x01 or 0x02 or 0x04), Is.EqualTo(new (byte, uint)[] { (0x02, 2_048_000), (0x01, 145_500_000), (0x04, 297) }));
        Assert.That(client.StaleBytes, Is.GreaterThan(0), "the emulator sent data of the previous settings, which the driver discarded");
    }

    [Test]
    public async Task A_stalled_dongle_Should_give_ReceiverCaptureFailed_naming_the_stall_within_its_timeout_while_the_others_complete()
    {
        var id = Guid.NewGuid();
        var published = Stopwatch.StartNew();
        await PublishAsync($$"""{"acquisitionId":"{{id}}","frequencyHz":145500000,"durationSeconds":0.5,"receiverIds":[1,{{Stalling}}]}""");

        var failed = await _pipeline.AwaitAsync("ReceiverCaptureFailed", id, Timeout);
        var failedAfter = published.Elapsed;
        var completed = await CompletedAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Get<int>("receiverId"), Is.EqualTo(Stalling));
            Assert.That(failed.Get<string>("reason"), Does.Match($@"^receiver {Stalling} 'Dongle that stalls': {Regex.Escape(_stalling.Url)} sent nothing for 1 s \d+ of 1024000 samples into the capture .*\(stall watchdog, settings\.stallTimeoutSeconds\)"));
            Assert.That(failed.Get<int>("attempts"), Is.EqualTo(1));
            Assert.That(failedAfter, Is.LessThan(TimeSpan.FromSeconds(StalledTimeoutSeconds + 0.5)), "within timeout_seconds plus the capture length");
            Assert.That(completed.Get<string>("status"), Is.EqualTo("partial"));
            Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Heimdall_replay_of_the_completed_acquisition_Should_complete_a_new_one_with_the_same_measurements()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync(["replay", _original.ToString()],
            Stack.Settings.Where(s => s.Key.StartsWith("RabbitMq:", StringComparison.Ordinal))
                .Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value)), Timeout);

        Assert.That(exitCode, Is.Zero, output + error);
        var replay = Guid.Parse(ReplayId().Match(output).Groups[1].Value);
        var completed = await CompletedAsync(replay);
        Assert.That(completed.Get<string>("status"), Is.EqualTo("completed"));
        Assert.That(completed.Get<int>("receiversStored"), Is.EqualTo(2));
        foreach (var receiverId in new[] { 1, Healthy })
        {
            const string Metrics = "sample_count, sample_rate_hz, frequency_hz, snr_db, frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, occupied_bandwidth_hz, iq_sha512";
            var before = (await MeasurementAsync(_original, receiverId, Metrics))!.Split(' ');
            var after = (await MeasurementAsync(replay, receiverId, Metrics))!.Split(' ');
            Assert.Multiple(() =>
            {
                Assert.That(after[0..3], Is.EqualTo(before[0..3]), $"samples, rate and frequency of receiver {receiverId}");
                for (var i = 3; i < 9; i++)
                {
                    Assert.That(double.Parse(after[i], CultureInfo.InvariantCulture), Is.EqualTo(double.Parse(before[i], CultureInfo.InvariantCulture)).Within(1e-9),
                        $"column {i} of receiver {receiverId}");
                }

                Assert.That(after[9], Is.EqualTo(before[9]), $"the very same samples of receiver {receiverId}");
            });
        }

        Assert.That(await Stack.Database.ScalarAsync<string>(
                $"select string_agg(m.timing_source || ' ' || (m.captured_at = o.captured_at), ',' order by m.receiver_id) from measurements m join measurements o on o.receiver_id = m.receiver_id and o.acquisition_id = '{_original}' where m.acquisition_id = '{replay}'"),
            Is.EqualTo("recorded true,recorded true"), "timed by the recording: the original instants");
    }

    [GeneratedRegex(@"Publishing acquisition ([0-9a-f-]{36}): a replay of")]
    private static partial Regex ReplayId();
}
