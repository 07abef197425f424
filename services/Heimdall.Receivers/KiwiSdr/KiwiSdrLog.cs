using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>The KiwiSDR driver's log events (6xx, stable).</summary>
internal static partial class KiwiSdrLog
{
    [LoggerMessage(EventId = 601, Level = LogLevel.Debug, Message = "KiwiSDR {ReceiverId}: connecting to {StreamUri}")]
    public static partial void Connecting(ILogger logger, int receiverId, Uri streamUri);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "KiwiSDR {ReceiverId}: the upgrade to {From} was redirected to {To}")]
    public static partial void UpgradeRedirected(ILogger logger, int receiverId, Uri from, Uri to);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "KiwiSDR {ReceiverId}: {Server} redirected the session to {Target} (MSG redirect); following it once")]
    public static partial void SessionRedirected(ILogger logger, int receiverId, Uri server, Uri target);

    [LoggerMessage(EventId = 604, Level = LogLevel.Debug, Message = "KiwiSDR {ReceiverId}: authenticated, {Version}, sample_rate {SampleRateHz} Hz, freq_offset {FreqOffsetKHz} kHz; tuned to {BasebandKHz} kHz")]
    public static partial void Tuned(ILogger logger, int receiverId, string version, double sampleRateHz, double freqOffsetKHz, double basebandKHz);

    [LoggerMessage(EventId = 605, Level = LogLevel.Information, Message = "KiwiSDR {ReceiverId}: captured {SampleCount} samples from {StartUtc:O} timed by {Source} at {SampleRateHz} Hz (residual RMS {ResidualRmsNs} ns, {Gaps} packets missing, {Warnings} warnings)")]
    public static partial void Captured(ILogger logger, int receiverId, long sampleCount, DateTimeOffset startUtc, string source, double sampleRateHz, double? residualRmsNs, int gaps, int warnings);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning, Message = "KiwiSDR {ReceiverId} refused: {Reason}")]
    public static partial void Refused(ILogger logger, int receiverId, string reason);

    [LoggerMessage(EventId = 607, Level = LogLevel.Warning, Message = "KiwiSDR {ReceiverId} capture failed: {Reason}")]
    public static partial void Failed(ILogger logger, int receiverId, string reason);

    [LoggerMessage(EventId = 609, Level = LogLevel.Debug, Message = "KiwiSDR {ReceiverId}: the packet with the first sample arrived {ArrivalAfterStartMs} ms after startAtUtc (host clock)")]
    public static partial void FirstSample(ILogger logger, int receiverId, double arrivalAfterStartMs);

    [LoggerMessage(EventId = 608, Level = LogLevel.Debug, Message = "KiwiSDR {ReceiverId} probe of {Url}: {Detail}")]
    public static partial void Probed(ILogger logger, int receiverId, string url, string detail);
}
