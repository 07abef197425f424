namespace Heimdall.Contracts;

/// <summary>A receiver still failed after its retries; the others are not affected.</summary>
public sealed record ReceiverCaptureFailed
{
    public required Guid AcquisitionId { get; init; }
    public required int ReceiverId { get; init; }
    public required string Reason { get; init; }
    public required int Attempts { get; init; }
}
