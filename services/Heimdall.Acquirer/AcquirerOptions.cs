using System.ComponentModel.DataAnnotations;

namespace Heimdall.Acquirer;

/// <summary>
/// Section <c>Acquirer</c>: the endpoint's throughput and claim checks. The request rules of the same section are
/// <see cref="Heimdall.Data.Acquisitions.AcquisitionRules"/>, shared with the API.
/// </summary>
public sealed class AcquirerOptions
{
    public const string Section = "Acquirer";

    /// <summary>IQ of this size or more travels as a claim check in the object store, never inline.</summary>
    [Range(1_024, 64 * 1024 * 1024, ErrorMessage = "Acquirer:ClaimCheckThresholdBytes must be between 1024 and 67108864.")]
    public int ClaimCheckThresholdBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// <c>Acquirer:HoldCaptureSeconds</c>: how long captured samples are held in memory while the object store (for a
    /// claim check) or the broker is away, before the capture is given up to be resumed later.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "Acquirer:HoldCaptureSeconds must be between 1 and 86400.")]
    public double HoldCaptureSeconds { get; set; } = 600;

    /// <summary>Acquisitions captured at once (each captures from all its receivers concurrently).</summary>
    [Range(1, 64, ErrorMessage = "Acquirer:ConcurrentAcquisitions must be between 1 and 64.")]
    public int ConcurrentAcquisitions { get; set; } = 8;
}
