using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// An Airspy SpyServer (kind <c>spyserver</c>, url <c>sdr://host:port</c>). Connects shortly before the start, says HELLO,
/// reads DEVICE_INFO and CLIENT_SYNC, plans the IQ format, the decimation and the window (<see cref="SpyServerTuning"/>),
/// sends the settings in one write, then keeps the IQ from the first sample at or after the start, timed by the host
/// clock (SpyServer sends no time stamps, as rtl_tcp). A full server, one without a device, another protocol version, a
/// request it cannot serve are refused (not retried); a close, a reset, a stall, lost frames beyond
/// <c>maxLostSamples</c> and a window moved by the controlling client fail the attempt, naming the cause.
/// </summary>
public sealed partial class SpyServerDriver(TimeProvider clock, ILogger<SpyServerDriver> logger) : IReceiverDriver
{
    public const string KindName = ReceiverKinds.SpyServer;

    /// <summary>How long before the start (and its discard) the driver connects: the handshake and the settings.</summary>
    public static readonly TimeSpan ConnectLead = TimeSpan.FromSeconds(1);

    public string Kind => KindName;

    public IReadOnlyList<string> Validate(Receiver receiver) => ReceiverSettingsCheck.Problems(receiver, SpyServerSettings.Read);

    public async Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(request);
        var settings = ReceiverSettingsCheck.ForCapture(receiver, SpyServerSettings.Read);

        await clock.UntilAsync(request.StartAtUtc - ConnectLead - TimeSpan.FromMilliseconds(settings.DiscardMs), cancellationToken);
        try
        {
            await using var session = await SpyServerSession.ConnectAsync(settings, cancellationToken);
            var (header, info, sync) = await HandshakeAsync(session, settings);
            var tuning = SpyServerTuning.Plan(info, sync, settings, request);
            await session.SendAsync(SpyServerProtocol.SetSettings(tuning.Settings));
            var server = Describe(header, info);
            var sent = string.Join(", ", tuning.Settings);
            LogConfigured(logger, settings.Url, server, sent, tuning.RateHz, sync.CanControl);

            // The requested duration at the rate the server offers.
            var count = (long)Math.Round(request.SampleCount * tuning.RateHz / request.SampleRateHz);
            var stream = new SpyServerStream(session, settings, tuning, request, count, clock) { Sync = sync };
            var (iq, firstSampleUtc) = await stream.RunAsync();

            var warnings = new List<string>(tuning.Warnings)
            {
                Invariant($"SpyServer sends no time stamps: the capture start is the host clock, fitted to the earliest arrival of the IQ frames over the capture; it is late by the server's and the network's delay, and jitters by up to a frame ({stream.FrameSamples} samples, {stream.FrameSamples / tuning.RateHz * 1000:0.#} ms at {tuning.RateHz:0.###} Hz)."),
            };
            if (stream.LostSamples > 0)
            {
                warnings.Add(Invariant($"{stream.GapFrames} IQ frames were missing from the sequence numbers: {stream.LostSamples} samples lost, zeros in their place (settings.maxLostSamples {settings.MaxLostSamples})."));
            }

            if (stream.GainDb is { } gain && gain != (int)settings.DigitalGainDb)
            {
                warnings.Add(Invariant($"{settings.Url} applied a digital gain of {gain} dB (settings.digitalGainDb {settings.DigitalGainDb}): levels are that much above the device's."));
            }

            LogCaptured(logger, settings.Url, count, tuning.RateHz, firstSampleUtc, (firstSampleUtc - request.StartAtUtc).TotalMilliseconds, stream.LostSamples, session.BytesReceived);
            return new RawCapture(iq, tuning.SampleFormat, tuning.RateHz, count, firstSampleUtc, new CaptureTiming
            {
                Source = TimingSources.HostClock,
                AnnouncedSampleRateHz = tuning.RateHz,
                SequenceGaps = stream.GapFrames,
                ReceiverVersion = server,
                Warnings = [.. warnings],
            });
        }
        catch (ReceiverRefusedException ex)
        {
            LogRefused(logger, settings.Url, ex.Message);
            throw;
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, settings.Url, ex.Message);
            throw;
        }
    }

    public async Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var probedAt = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        if (!ReceiverSettingsCheck.TryForProbe(receiver, SpyServerSettings.Read, probedAt, out var settings, out var notProbed))
        {
            return notProbed;
        }

        try
        {
            await using var session = await SpyServerSession.ConnectAsync(settings, cancellationToken);
            var (header, info, sync) = await HandshakeAsync(session, settings);
            var latency = clock.GetElapsedTime(started).TotalMilliseconds;
            var hasDevice = info.DeviceType != (uint)SpyServerDeviceType.Invalid;
            return new ReceiverHealth
            {
                ProbedAt = probedAt,
                Reachable = hasDevice,
                LatencyMs = latency,
                Version = Describe(header, info),
                Detail = Invariant($"{settings.Url} answered HELLO in {latency:0.#} ms: {info.Describe()}; rates {info.DescribeRates()}; {sync.Describe()}{(hasDevice ? "" : "; the server runs without a device")}; disconnected without a setting."),
            };
        }
        catch (ReceiverRefusedException ex) when (ex.CoolDown is not null)
        {
            // Closed after HELLO: the server is there, and full.
            return new ReceiverHealth { ProbedAt = probedAt, Reachable = true, LatencyMs = clock.GetElapsedTime(started).TotalMilliseconds, Detail = ex.Message };
        }
        catch (Exception ex) when (ex is IOException or ReceiverRefusedException)
        {
            return new ReceiverHealth { ProbedAt = probedAt, Reachable = false, Detail = ex.Message };
        }
    }

    /// <summary>
    /// HELLO, then DEVICE_INFO and CLIENT_SYNC (in that order, other messages skipped). A close before DEVICE_INFO is
    /// how a full server turns a client away: a refusal with <c>fullCoolDownSeconds</c>.
    /// </summary>
    private static async Task<(SpyServerMessageHeader Header, SpyServerDeviceInfo Info, SpyServerClientSync Sync)> HandshakeAsync(SpyServerSession session, SpyServerSettings settings)
    {
        await session.SendAsync(SpyServerProtocol.Hello(settings.ClientName));
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(settings.HandshakeTimeoutSeconds);
        SpyServerMessageHeader? first = null;
        SpyServerDeviceInfo? info = null;
        while (true)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            SpyServerMessageHeader header;
            ReadOnlyMemory<byte> body;
            try
            {
                (header, body) = await session.ReceiveAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            }
            catch (SpyServerClosedException ex) when (info is null)
            {
                var coolDown = settings.FullCoolDownSeconds > 0 ? TimeSpan.FromSeconds(settings.FullCoolDownSeconds) : (TimeSpan?)null;
                throw new ReceiverRefusedException(Invariant(
                    $"{ex.Message} after HELLO, without DEVICE_INFO: a SpyServer turns a client away so when it already serves maximum_clients clients (or will not serve this one).{(coolDown is null ? "" : $" Not contacted again for {settings.FullCoolDownSeconds} s (settings.fullCoolDownSeconds).")}"),
                    coolDown);
            }
            catch (TimeoutException ex)
            {
                throw new IOException(Invariant(
                    $"{session.Url} sent no {(info is null ? "DEVICE_INFO" : "CLIENT_SYNC")} within {settings.HandshakeTimeoutSeconds} s of HELLO (settings.handshakeTimeoutSeconds): not a working SpyServer."), ex);
            }

            if (!header.IsCompatible)
            {
                throw new ReceiverRefusedException(Invariant(
                    $"{session.Url} speaks SpyServer protocol {SpyServerProtocol.Describe(header.ProtocolId)} (header hex {header.ProtocolId:X8}); this driver speaks {SpyServerProtocol.Describe(SpyServerProtocol.Version)}, and major and minor must match (as SDR# and SDR++ require)."));
            }

            first ??= header;
            switch (header.MessageType)
            {
                case SpyServerMessageType.DeviceInfo:
                    info = SpyServerDeviceInfo.TryParse(body.Span)
                        ?? throw new ReceiverRefusedException(Invariant($"{session.Url} sent a DEVICE_INFO of {body.Length} bytes, where a SpyServer sends {SpyServerDeviceInfo.Size}: not a SpyServer this driver understands."));
                    break;
                case SpyServerMessageType.ClientSync when info is not null:
                    var sync = SpyServerClientSync.TryParse(body.Span)
                        ?? throw new ReceiverRefusedException(Invariant($"{session.Url} sent a CLIENT_SYNC of {body.Length} bytes, where a SpyServer sends {SpyServerClientSync.Size}: not a SpyServer this driver understands."));
                    return (first.Value, info, sync);
            }
        }
    }

    private static string Describe(SpyServerMessageHeader header, SpyServerDeviceInfo info) =>
        $"SpyServer protocol {SpyServerProtocol.Describe(header.ProtocolId)}, {info.DeviceName} serial 0x{info.DeviceSerial.ToString("X8", CultureInfo.InvariantCulture)}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 760, Level = LogLevel.Information, Message = "SpyServer {Url} ({Server}): sent {Settings}; IQ rate {RateHz} Hz; controlling the device: {Controlling}")]
    private static partial void LogConfigured(ILogger logger, string url, string server, string settings, double rateHz, bool controlling);

    [LoggerMessage(EventId = 761, Level = LogLevel.Information, Message = "SpyServer {Url}: {SampleCount} samples at {RateHz} Hz from {FirstSampleUtc:O} (first sample {LagMs} ms after the start; {LostSamples} lost; {WireBytes} bytes received)")]
    private static partial void LogCaptured(ILogger logger, string url, long sampleCount, double rateHz, DateTimeOffset firstSampleUtc, double lagMs, long lostSamples, long wireBytes);

    [LoggerMessage(EventId = 762, Level = LogLevel.Warning, Message = "SpyServer {Url} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 763, Level = LogLevel.Warning, Message = "SpyServer {Url} capture failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string url, string reason);
}
