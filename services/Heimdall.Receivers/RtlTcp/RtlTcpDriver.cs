using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Signal;
using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// An RTL-SDR dongle behind rtl_tcp (kind <c>rtl_tcp</c>, url <c>tcp://host:port</c>). Connects shortly before the start,
/// checks the header, sends every setting (so nothing of the previous client's remains), discards what was sampled
/// before the settings took effect (<see cref="RtlTcpSettling"/>), then keeps the stream from the first sample at or
/// after the start: cu8 at the exact rate librtlsdr runs (<see cref="RtlSampleRate"/>), timed by the host clock (rtl_tcp
/// sends no time stamps). A server that closes, resets, stalls or runs slow fails the attempt naming the cause; a busy
/// server, a server that is not rtl_tcp and a rate or frequency rtl_tcp cannot take are refused (not retried).
/// </summary>
public sealed partial class RtlTcpDriver(TimeProvider clock, ILogger<RtlTcpDriver> logger) : IReceiverDriver
{
    public const string KindName = "rtl_tcp";

    /// <summary>How long before the start the driver connects, on top of <c>settleMs</c>.</summary>
    public static readonly TimeSpan ConnectLead = TimeSpan.FromSeconds(1);

    /// <summary>A stream slower than the rate by more than this share of the capture (plus <see cref="SlowStreamSlack"/>) has lost samples.</summary>
    public const double SlowStreamTolerance = 0.1;

    /// <summary>
    /// Two USB transfers and this much more are allowed on top of <see cref="SlowStreamTolerance"/>: a pause of the
    /// client (a collection, a busy host) delays what rtl_tcp has queued without losing it.
    /// </summary>
    public static readonly TimeSpan SlowStreamSlack = TimeSpan.FromMilliseconds(250);

    private const int ScratchBytes = 1 << 16;

    public string Kind => KindName;

    public IReadOnlyList<string> Validate(Receiver receiver) => ReceiverSettingsCheck.Problems(receiver, RtlTcpSettings.Read);

    public async Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(request);
        var settings = ReceiverSettingsCheck.ForCapture(receiver, RtlTcpSettings.Read);

        var (rate, exactRate, frequency) = Tuning(settings, request);
        var settle = TimeSpan.FromMilliseconds(settings.SettleMs);
        await clock.UntilAsync(request.StartAtUtc - ConnectLead - settle, cancellationToken);

        await using var session = await RtlTcpSession.ConnectAsync(settings, cancellationToken);
        var header = await session.ReadHeaderAsync(TimeSpan.FromSeconds(settings.HeaderTimeoutSeconds));
        var headerAt = clock.GetTimestamp();
        var commands = Commands(settings, header, rate, frequency);
        await session.SendAsync(RtlTcpCommand.Encode(commands));
        var discard = settings.DiscardBytes ?? RtlTcpSettling.DiscardBytes(clock.GetElapsedTime(headerAt), session.RoundTrip, settle);
        var server = header.Describe();
        var sent = string.Join(", ", commands);
        LogConfigured(logger, settings.Url, server, sent, exactRate, discard);
        if (settings.GainDb is { } gain && RtlTuner.NearestGainTenths(header.TunerType, gain) / 10.0 is var applied && Math.Abs(applied - gain) >= 0.05)
        {
            LogGainSnapped(logger, settings.Url, gain, applied, header.TunerName);
        }

        var stream = new CaptureStream(session, settings, request, exactRate, clock);
        await stream.DiscardAsync(discard);
        var (iq, firstSampleUtc) = await stream.KeepAsync();

        var lag = firstSampleUtc - request.StartAtUtc;
        LogCaptured(logger, settings.Url, request.SampleCount, exactRate, firstSampleUtc, discard, lag.TotalMilliseconds);
        return new RawCapture(iq, SampleFormat.Cu8, exactRate, request.SampleCount, firstSampleUtc, new CaptureTiming
        {
            Source = TimingSources.HostClock,
            ReceiverVersion = server,
            Warnings =
            [
                string.Create(CultureInfo.InvariantCulture,
                    $"rtl_tcp sends no time stamps: the capture start is the host clock, fitted to the earliest arrival of the stream's bytes over the capture; it is late by the server's and the network's delay, and jitters by up to a USB transfer ({RtlTcpSettling.UsbTransferBytes / 2} samples, {RtlTcpSettling.TransferDuration(exactRate).TotalMilliseconds:0.#} ms at {exactRate:0.###} Hz)."),
            ],
        });
    }

    public async Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var probedAt = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        if (!ReceiverSettingsCheck.TryForProbe(receiver, RtlTcpSettings.Read, probedAt, out var settings, out var notProbed))
        {
            return notProbed;
        }

        try
        {
            await using var session = await RtlTcpSession.ConnectAsync(settings, cancellationToken);
            var header = await session.ReadHeaderAsync(TimeSpan.FromSeconds(settings.HeaderTimeoutSeconds));
            var latency = clock.GetElapsedTime(started).TotalMilliseconds;
            return new ReceiverHealth
            {
                ProbedAt = probedAt,
                Reachable = true,
                LatencyMs = latency,
                Users = 0,
                UsersMax = 1,
                Version = header.Describe(),
                Detail = string.Create(CultureInfo.InvariantCulture, $"{settings.Url} sent its header in {latency:0.#} ms ({header.Describe()}); disconnected without sending a command."),
            };
        }
        catch (ReceiverRefusedException ex) when (ex.Message.Contains("sent no header", StringComparison.Ordinal))
        {
            return new ReceiverHealth
            {
                ProbedAt = probedAt,
                Reachable = true,
                LatencyMs = clock.GetElapsedTime(started).TotalMilliseconds,
                Users = 1,
                UsersMax = 1,
                Detail = ex.Message,
            };
        }
        catch (Exception ex) when (ex is IOException or ReceiverRefusedException)
        {
            return new ReceiverHealth { ProbedAt = probedAt, Reachable = false, Detail = ex.Message };
        }
    }

    /// <summary>The rate parameter, the exact rate it gives, and the frequency parameter; a request rtl_tcp cannot take is refused.</summary>
    private static (uint Rate, double ExactRate, uint Frequency) Tuning(RtlTcpSettings settings, CaptureRequest request)
    {
        if (RtlSampleRate.Parameter(request.SampleRateHz) is not { } rate || !RtlSampleRate.IsAccepted(rate))
        {
            throw new ReceiverRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Url} cannot capture at {request.SampleRateHz} Hz: librtlsdr accepts {RtlSampleRate.AcceptedRanges}, and rtl_tcp would silently keep its previous rate."));
        }

        if (!(request.FrequencyHz >= 0) || Math.Round(request.FrequencyHz) > uint.MaxValue)
        {
            throw new ReceiverRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Url} cannot tune to {request.FrequencyHz} Hz: rtl_tcp's frequency command carries a u32, at most {uint.MaxValue} Hz (4.29 GHz)."));
        }

        return (rate, RtlSampleRate.Exact(rate), (uint)Math.Round(request.FrequencyHz));
    }

    /// <summary>
    /// Every setting, in an order that works: direct sampling first (it decides what a frequency means), the rate, the
    /// crystal correction before the frequency, then gain mode, gain, digital AGC, bias-T, and test mode off.
    /// </summary>
    public static IReadOnlyList<RtlTcpCommand> Commands(RtlTcpSettings settings, RtlTcpHeader header, uint rate, uint frequency)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(header);
        var commands = new List<RtlTcpCommand>
        {
            new(RtlTcpCommandCode.DirectSampling, (uint)settings.DirectSampling),
            new(RtlTcpCommandCode.SampleRate, rate),
            RtlTcpCommand.FromSigned(RtlTcpCommandCode.FrequencyCorrection, settings.Ppm),
            new(RtlTcpCommandCode.CenterFrequency, frequency),
            new(RtlTcpCommandCode.GainMode, settings.GainDb is null ? 0u : 1u),
        };
        if (settings.GainDb is { } gain)
        {
            commands.Add(RtlTcpCommand.FromSigned(RtlTcpCommandCode.TunerGain, RtlTuner.NearestGainTenths(header.TunerType, gain)));
        }

        commands.Add(new(RtlTcpCommandCode.DigitalAgc, settings.Agc ? 1u : 0u));
        commands.Add(new(RtlTcpCommandCode.BiasTee, settings.BiasTee ? 1u : 0u));
        commands.Add(new(RtlTcpCommandCode.TestMode, 0));
        return commands;
    }

    /// <summary>The stream after the commands: what is discarded, then the samples kept, with the failures named by phase.</summary>
    private sealed class CaptureStream(RtlTcpSession session, RtlTcpSettings settings, CaptureRequest request, double rateHz, TimeProvider clock)
    {
        private readonly TimeSpan _silence = TimeSpan.FromSeconds(settings.StallTimeoutSeconds);

        public async Task DiscardAsync(long bytes)
        {
            var scratch = new byte[ScratchBytes];
            while (session.Position < bytes)
            {
                await ReceiveAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, bytes - session.Position)),
                    () => $"while the driver discarded the {bytes} bytes sampled before its settings took effect ({session.Position} discarded)");
            }
        }

        /// <summary>
        /// The samples from the first at or after the start, and the host-clock instant of that first sample. The instant
        /// of each stream byte is fitted as origin + position / (2 · rate), the origin being the earliest of every read's
        /// arrival less the duration of the bytes up to its end (a byte cannot arrive before it was sampled; the read
        /// that waited least bounds it best), refined over the whole capture.
        /// </summary>
        public async Task<(byte[] Iq, DateTimeOffset FirstSampleUtc)> KeepAsync()
        {
            var iq = new byte[checked(request.SampleCount * 2)];
            var scratch = new byte[ScratchBytes];
            var bytesPerSecond = 2 * rateHz;
            DateTimeOffset? origin = null;
            long keptFrom;
            int filled;
            DateTimeOffset firstArrival;
            while (true)
            {
                var chunkStart = session.Position;
                var read = await ReceiveAsync(scratch, () => FormattableString.Invariant($"while the driver waited for the start at {request.StartAtUtc.UtcDateTime:O}"));
                firstArrival = clock.GetUtcNow();
                origin = Earliest(origin, firstArrival, session.Position, bytesPerSecond);

                // The first pair boundary of the stream sampled at or after the start.
                var from = Math.Max(chunkStart, (long)Math.Ceiling((request.StartAtUtc - origin.Value).TotalSeconds * bytesPerSecond));
                from += from & 1;
                if (from < session.Position)
                {
                    keptFrom = from;
                    filled = (int)Math.Min(session.Position - from, iq.Length);
                    scratch.AsSpan((int)(from - chunkStart), filled).CopyTo(iq);
                    break;
                }
            }

            var firstRead = TimeSpan.FromSeconds(filled / bytesPerSecond);
            while (filled < iq.Length)
            {
                var into = filled;
                filled += await ReceiveAsync(iq.AsMemory(filled), () => FormattableString.Invariant(
                    $"{into / 2} of {request.SampleCount} samples into the capture ({(clock.GetUtcNow() - firstArrival).TotalSeconds:0.0##} s after its first sample)"));
                origin = Earliest(origin, clock.GetUtcNow(), session.Position, bytesPerSecond);
            }

            // The first read's samples arrived at once; the rest took from then to now.
            CheckPace(clock.GetUtcNow() - firstArrival + firstRead);
            return (iq, origin.Value + TimeSpan.FromSeconds(keptFrom / bytesPerSecond));
        }

        private static DateTimeOffset Earliest(DateTimeOffset? origin, DateTimeOffset arrived, long position, double bytesPerSecond)
        {
            var candidate = arrived - TimeSpan.FromSeconds(position / bytesPerSecond);
            return origin is { } known && known <= candidate ? known : candidate;
        }

        /// <summary>
        /// Samples arrive at the sample rate, a USB transfer at a time. A stream that took clearly longer than its samples
        /// last lost some: rtl_tcp queues what the client or the link cannot take and, past its buffer limit (-n), drops
        /// the oldest without a word.
        /// </summary>
        private void CheckPace(TimeSpan took)
        {
            var lasts = TimeSpan.FromSeconds(request.SampleCount / rateHz);
            var allowed = (lasts * SlowStreamTolerance) + (2 * RtlTcpSettling.TransferDuration(rateHz)) + SlowStreamSlack;
            if (took - lasts > allowed)
            {
                throw new IOException(FormattableString.Invariant(
                    $"{session.Url} delivered {request.SampleCount} samples ({lasts.TotalSeconds:0.###} s at {rateHz:0.###} Hz) in {took.TotalSeconds:0.###} s: the stream ran slow, and rtl_tcp drops buffers silently when the client or the link falls behind (its -n limit), so samples are missing."));
            }
        }

        private async Task<int> ReceiveAsync(Memory<byte> buffer, Func<string> phase)
        {
            int read;
            try
            {
                read = await session.ReceiveAsync(buffer, _silence);
            }
            catch (TimeoutException ex)
            {
                throw new IOException(
                    $"{session.Url} sent nothing for {settings.StallTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s {phase()} (stall watchdog, settings.stallTimeoutSeconds): "
                    + "the dongle has stopped delivering (rtl_tcp itself gives up on it 5 s later).", ex);
            }
            catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException)
            {
                throw new IOException($"{ex.Message} {phase()}.", ex);
            }

            return read > 0
                ? read
                : throw new IOException($"{session.Url} closed the connection {phase()}: rtl_tcp closes its client when it is stopped, or 5 s after the dongle stops delivering.");
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "rtl_tcp {Url} ({Server}): sent {Commands}; exact rate {ExactRateHz} Hz; discarding {DiscardBytes} bytes")]
    private static partial void LogConfigured(ILogger logger, string url, string server, string commands, double exactRateHz, long discardBytes);

    [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "rtl_tcp {Url}: gain {RequestedDb} dB set as {AppliedDb} dB, the {Tuner}'s nearest step")]
    private static partial void LogGainSnapped(ILogger logger, string url, double requestedDb, double appliedDb, string tuner);

    [LoggerMessage(EventId = 712, Level = LogLevel.Information, Message = "rtl_tcp {Url}: {SampleCount} samples at {ExactRateHz} Hz from {FirstSampleUtc:O} ({DiscardBytes} bytes discarded; first sample {LagMs} ms after the start)")]
    private static partial void LogCaptured(ILogger logger, string url, long sampleCount, double exactRateHz, DateTimeOffset firstSampleUtc, long discardBytes, double lagMs);
}
