namespace Heimdall.Contracts;

/// <summary>The request broke one or more rules; nothing was captured. Never retried.</summary>
public sealed record AcquisitionRejected
{
    public required Guid AcquisitionId { get; init; }

    /// <summary>Every broken rule, one sentence each, naming the field.</summary>
    public required string[] Reasons { get; init; }
}
