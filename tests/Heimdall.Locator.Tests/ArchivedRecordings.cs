using System.Numerics;
using Heimdall.Contracts;
using Heimdall.IqArchiver;
using Heimdall.IqArchiver.SigMf;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Simulation;
using Heimdall.Storage;
using Heimdall.Testing;

namespace Heimdall.Locator.Tests;

/// <summary>
/// An acquisition's recordings with known truth, written where and as the IqArchiver writes them: the simulator's
/// captures (<see cref="TdoaSimulator"/>: a band-limited signal, each receiver's exact path delay, clock offset and
/// GNSS stamp error) as ci16_le data, and metadata built by the IqArchiver's own <see cref="SigMfMetadata"/> from an
/// <see cref="IqCaptured"/> whose timing carries a GNSS stamp every 512 samples (the instant of that sample by the
/// receiver's fitted clock, rounded to the 100 ns a stamp has).
/// </summary>
public static class ArchivedRecordings
{
    public const int StampInterval = 512;

    /// <summary>Writes the scenario's captures as receivers 1..n; <paramref name="hostClock"/> receivers are written as timed by the host clock (no stamps).</summary>
    public static Task<TdoaSimulator.Result> WriteAsync(ObjectStore store, string bucket, Guid acquisitionId, TdoaScenario scenario, int seed, params int[] hostClock) =>
        WriteAsync(store, bucket, acquisitionId, scenario, seed, Captures.Metrics, hostClock);

    /// <summary>As <see cref="WriteAsync(ObjectStore, string, Guid, TdoaScenario, int, int[])"/>, each receiver's <c>heimdall:metrics</c> from <paramref name="metrics"/> (by receiver id).</summary>
    public static async Task<TdoaSimulator.Result> WriteAsync(
        ObjectStore store, string bucket, Guid acquisitionId, TdoaScenario scenario, int seed, Func<int, SignalMetrics> metrics, params int[] hostClock)
    {
        var simulated = TdoaSimulator.Generate(scenario, new Propagation(Propagation.ModeFor(scenario.CenterFrequencyHz)), seed);
        for (var i = 0; i < simulated.Captures.Count; i++)
        {
            var receiverId = i + 1;
            var capture = simulated.Captures[i];
            var iq = Ci16(capture.Samples);
            var clock = capture.Clock!;
            var stamps = new List<CaptureTimeStamp>();
            for (long n = 0; n < capture.Samples.Length; n += StampInterval)
            {
                stamps.Add(new CaptureTimeStamp { SampleIndex = n, Utc = clock.StartUtc.AddTicks((long)Math.Round(n / clock.SampleRateHz * TimeSpan.TicksPerSecond)) });
            }

            var timing = hostClock.Contains(receiverId)
                ? new CaptureTiming { Source = TimingSources.HostClock }
                : new CaptureTiming { Source = TimingSources.Gnss, Stamps = [.. stamps], MeasuredSampleRateHz = clock.SampleRateHz, AnnouncedSampleRateHz = scenario.SampleRateHz };
            var message = Captures.IqCaptured(acquisitionId, receiverId, iq) with
            {
                Receiver = new ReceiverSnapshot
                {
                    Name = capture.Name, Kind = "kiwisdr", Latitude = capture.Position!.Latitude, Longitude = capture.Position.Longitude, AltitudeM = capture.Position.AltitudeM,
                },
                FrequencyHz = scenario.CenterFrequencyHz,
                SampleRateHz = scenario.SampleRateHz,
                CaptureStartUtc = clock.StartUtc,
                Timing = timing,
                Metrics = metrics(receiverId),
            };
            await store.PutAsync(bucket, ArchiveKeys.Data(acquisitionId, receiverId), iq, "application/octet-stream", CancellationToken.None);
            await store.PutAsync(bucket, ArchiveKeys.Meta(acquisitionId, receiverId), SigMfMetadata.Build(message, "Heimdall IqArchiver"), "application/json", CancellationToken.None);
        }

        return simulated;
    }

    /// <summary>The simulator's samples are int16 values over 32768: back to ci16_le.</summary>
    private static byte[] Ci16(Complex[] samples)
    {
        var bytes = new byte[samples.Length * 4];
        for (var n = 0; n < samples.Length; n++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4 * n), (short)Math.Clamp(Math.Round(samples[n].Real * 32768), -32768, 32767));
            BitConverter.TryWriteBytes(bytes.AsSpan((4 * n) + 2), (short)Math.Clamp(Math.Round(samples[n].Imaginary * 32768), -32768, 32767));
        }

        return bytes;
    }
}
