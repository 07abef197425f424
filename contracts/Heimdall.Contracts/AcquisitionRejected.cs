namespace Heimdall.Contracts;

/// <summary>The request broke one or more rules; nothing was captured. Never retried.</summary>
public sealed record AcquisitionRejected
{
    public required Guid AcquisitionId { get; init; }

    /// <summary>Every broken rule, one sentence each, naming the field.</summary>
    public required string[] Reasons { get; init; }

    /// <summary>Additive: when the Acquirer received the request. Null from older producers.</summary>
    public DateTimeOffset? RequestedAtUtc { get; init; }

    /// <summary>Additive: the request's <c>frequencyHz</c> as it was sent (it may be the rule it broke). Null from older producers.</summary>
    public double? FrequencyHz { get; init; }

    /// <summary>Additive: the request's <c>durationSeconds</c> as it was sent. Null from older producers.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Additive: the request's <c>requestedBy</c>. Null when the request had none, or from older producers.</summary>
    public string? RequestedBy { get; init; }
}
