namespace Heimdall.Contracts;

/// <summary>Rows for these receivers of the acquisition are in the measurements table.</summary>
public sealed record MeasurementsStored
{
    public required Guid AcquisitionId { get; init; }
    public required int[] ReceiverIds { get; init; }
}
