using System.ComponentModel.DataAnnotations;

namespace Heimdall.Messaging;

/// <summary>Section <c>Messaging</c>: how consumers wait out a dependency that stays away.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>
    /// <c>Messaging:OutageRequeueDelaySeconds</c>: a dependency still unavailable after its in-process retry, hold the
    /// message this long, then put it back on its queue.
    /// </summary>
    [Range(0, 600, ErrorMessage = "Messaging:OutageRequeueDelaySeconds must be between 0 and 600.")]
    public double OutageRequeueDelaySeconds { get; set; } = 5;
}
