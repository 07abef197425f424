using Heimdall.Contracts;

namespace Heimdall.Domain.Acquisitions;

/// <summary>
/// The words of <c>acquisitions.status</c> and <c>acquisition_receivers.outcome</c> (each column's check constraint
/// allows exactly these). The three terminal statuses are those of <see cref="AcquisitionCompleted.Status"/>.
/// </summary>
public static class AcquisitionStates
{
    /// <summary>
    /// Requested through the API and published, not yet claimed by the Acquirer: a row of <c>acquisition_requests</c>
    /// only (never a value of <c>acquisitions.status</c>).
    /// </summary>
    public const string Requested = "requested";

    /// <summary>The request broke a rule; nothing was captured.</summary>
    public const string Rejected = "rejected";

    /// <summary>Claimed by the Acquirer; receivers are being captured, archived and stored.</summary>
    public const string Capturing = "capturing";

    public const string Completed = AcquisitionStatus.Completed;
    public const string Partial = AcquisitionStatus.Partial;
    public const string Failed = AcquisitionStatus.Failed;
}

/// <summary>The words of <c>acquisition_receivers.outcome</c>.</summary>
public static class ReceiverOutcomes
{
    /// <summary>The receiver's measurement row is stored.</summary>
    public const string Stored = "stored";

    /// <summary>The receiver failed after its retries (its reason is the row's detail).</summary>
    public const string Failed = "failed";
}

/// <summary>The words of <c>acquisition_claims.status</c>: how the Acquirer answered a request.</summary>
public static class ClaimStates
{
    /// <summary>Valid: AcquisitionStarted was published and the receivers are (or were) captured.</summary>
    public const string Accepted = "accepted";

    /// <summary>It broke a rule: AcquisitionRejected was published, and is published again for a duplicate.</summary>
    public const string Rejected = "rejected";
}

/// <summary>The words of <c>acquisition_captures.outcome</c>: what the Acquirer published for a receiver.</summary>
public static class CaptureOutcomes
{
    /// <summary>An IqCaptured was published.</summary>
    public const string Captured = "captured";

    /// <summary>A ReceiverCaptureFailed was published.</summary>
    public const string Failed = "failed";
}

/// <summary>Every word of <see cref="AcquisitionStates"/>, in lifecycle order.</summary>
public static class AcquisitionStatuses
{
    public static IReadOnlyList<string> All { get; } =
        [AcquisitionStates.Requested, AcquisitionStates.Capturing, AcquisitionStates.Completed, AcquisitionStates.Partial, AcquisitionStates.Failed, AcquisitionStates.Rejected];
}
