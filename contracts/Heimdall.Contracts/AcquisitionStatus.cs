namespace Heimdall.Contracts;

/// <summary>Values of <see cref="AcquisitionCompleted.Status"/>.</summary>
public static class AcquisitionStatus
{
    public const string Completed = "completed";
    public const string Partial = "partial";
    public const string Failed = "failed";
}
