using System.Diagnostics;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.KiwiSdr;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>Receivers, requests and ground truth for the driver tests against <see cref="KiwiEmulator"/>.</summary>
internal static class KiwiTestKit
{
    public const double TuneHz = 10_000_000;
    private static readonly DateTime GpsEpoch = new(1980, 1, 6, 0, 0, 0, DateTimeKind.Utc);

    public static KiwiSdrDriver Driver(TimeProvider? clock = null) => new(clock ?? TimeProvider.System, NullLogger<KiwiSdrDriver>.Instance);

    public static Receiver Receiver(string url, string settings = "{}", double timeoutSeconds = 10) => new()
    {
        ReceiverId = 8, Name = "Test Kiwi", Kind = "kiwisdr", Url = url, Latitude = 45, Longitude = 7.6, MinFrequencyHz = 0,
        MaxFrequencyHz = 30e6, SampleRateHz = 12_000, TimeoutSeconds = timeoutSeconds, RetryCount = 0, Enabled = true, Settings = settings,
    };

    public static Receiver Receiver(KiwiEmulator kiwi, string settings = "{}") => Receiver(kiwi.Url, settings);

    public static CaptureRequest Request(DateTimeOffset start, long samples = 6_000, double frequencyHz = TuneHz, double rateHz = 12_000) =>
        new(Guid.NewGuid(), frequencyHz, rateHz, samples, start);

    /// <summary>Runs a capture that must fail, and how long it took to.</summary>
    public static async Task<(Exception Error, TimeSpan Elapsed)> FailingCaptureAsync(Receiver receiver, CaptureRequest? request = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Driver().CaptureAsync(receiver, request ?? Request(DateTimeOffset.UtcNow), guard.Token);
        }
        catch (Exception ex)
        {
            return (ex, Stopwatch.GetElapsedTime(started));
        }

        throw new AssertionException("the capture succeeded");
    }

    /// <summary>The UTC of a GPS instant by the emulator's own arithmetic (18 leap seconds), to the 100 ns tick.</summary>
    public static DateTimeOffset EmulatorUtc(long gpsNanoseconds, int leapSeconds = 18) =>
        new(GpsEpoch.Ticks + (long)Math.Round((gpsNanoseconds - (leapSeconds * 1e9)) / 100.0, MidpointRounding.AwayFromZero), TimeSpan.Zero);

    /// <summary>
    /// The stream index of the capture's sample 0, found from its first stamp: the packet the emulator sent with that
    /// stamp, less the stamp's index in the capture.
    /// </summary>
    public static long FirstSampleInStream(KiwiEmulatorSession session, Heimdall.Contracts.CaptureTimeStamp first)
    {
        var packet = session.Packets.Single(p => p.SentGpsNanoseconds != 0 && Math.Abs((EmulatorUtc(p.SentGpsNanoseconds) - first.Utc).Ticks) <= 1);
        return packet.FirstSample - first.SampleIndex;
    }

    /// <summary>What the emulator sent from stream sample <paramref name="first"/> on, as ci16_le, regenerated from its seed.</summary>
    public static byte[] ExpectedSamples(KiwiEmulatorOptions options, KiwiEmulatorSession session, long first, long count)
    {
        var signal = new KiwiEmulatorSignal(options, (options.ToneFrequencyHz ?? 0) - ((session.TunedKHz!.Value + options.FreqOffsetKHz) * 1000), session.Passband!.Value);
        var expected = new byte[count * 4];
        var packet = new byte[options.SamplesPerPacket * 4];
        foreach (var sent in session.Packets.Where(p => p.FirstSample > 0 || p.Sequence > 1))
        {
            signal.Write(sent.FirstSample, packet, littleEndian: true);
            var from = Math.Max(first, sent.FirstSample);
            var to = Math.Min(first + count, sent.FirstSample + options.SamplesPerPacket);
            if (to > from)
            {
                packet.AsSpan((int)((from - sent.FirstSample) * 4), (int)((to - from) * 4)).CopyTo(expected.AsSpan((int)((from - first) * 4)));
            }

            if (sent.FirstSample >= first + count)
            {
                break;
            }
        }

        return expected;
    }
}
