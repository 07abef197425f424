namespace Heimdall.Contracts;

/// <summary>
/// Additive (a new event): the Acquirer has published the outcome of every receiver of the acquisition (one
/// <see cref="IqCaptured"/> or <see cref="ReceiverCaptureFailed"/> each). The acquisition is not complete yet: that is
/// <see cref="AcquisitionCompleted"/>, once every receiver is stored or failed.
/// </summary>
public sealed record AcquisitionCaptured
{
    public required Guid AcquisitionId { get; init; }

    /// <summary>When the last receiver's outcome was published (UTC).</summary>
    public required DateTimeOffset CapturedAtUtc { get; init; }
}
