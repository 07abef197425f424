using Microsoft.Extensions.Logging;

namespace Heimdall.Api;

/// <summary>The API's log events (4xxx).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Acquisition {AcquisitionId} requested by {Caller}: published AcquisitionRequested")]
    public static partial void AcquisitionPublished(ILogger logger, Guid acquisitionId, string caller);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Acquisition request by {Caller} refused: {Reasons}")]
    public static partial void AcquisitionRefused(ILogger logger, string caller, IReadOnlyList<string> reasons);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Receiver {ReceiverId} {Change} by {Caller}")]
    public static partial void ReceiverChanged(ILogger logger, int receiverId, string change, string caller);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "{Count} measurements older than {Days} days deleted by {Caller}")]
    public static partial void MeasurementsDeleted(ILogger logger, int count, int days, string caller);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Refused an API key that matches no configured key (from {Remote})")]
    public static partial void UnknownKey(ILogger logger, string? remote);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Warning, Message = "Streaming {Key} stopped: {Reason}")]
    public static partial void RecordingInterrupted(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 4050, Level = LogLevel.Warning, Message = "{Dependency} unavailable while answering {Path}: {Reason}")]
    public static partial void DependencyUnavailable(ILogger logger, string dependency, string path, string reason);
}
