namespace Heimdall.Contracts;

/// <summary>Every receiver of the acquisition is stored or failed. Published once per acquisition.</summary>
public sealed record AcquisitionCompleted
{
    public required Guid AcquisitionId { get; init; }

    /// <summary>completed (all stored), partial (some failed) or failed (none stored).</summary>
    public required string Status { get; init; }

    public required int ReceiversStored { get; init; }
    public required int ReceiversFailed { get; init; }

    /// <summary>From receipt of the request to completion, milliseconds.</summary>
    public required long ElapsedMs { get; init; }

    /// <summary>Additive: the receivers whose measurements are stored.</summary>
    public int[] StoredReceiverIds { get; init; } = [];

    /// <summary>Additive: the receivers that failed.</summary>
    public int[] FailedReceiverIds { get; init; } = [];
}
