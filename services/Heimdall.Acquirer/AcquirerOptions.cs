using System.ComponentModel.DataAnnotations;

namespace Heimdall.Acquirer;

/// <summary>Section <c>Acquirer</c>: the request rules and the endpoint's throughput.</summary>
public sealed class AcquirerOptions
{
    public const string Section = "Acquirer";

    [Range(0.001, 86_400, ErrorMessage = "Acquirer:MaxDurationSeconds must be between 0.001 and 86400.")]
    public double MaxDurationSeconds { get; set; } = 300;

    /// <summary>Memory bound: sample rate × duration may not exceed this, per receiver.</summary>
    [Range(1, 268_435_456, ErrorMessage = "Acquirer:MaxSamplesPerCapture must be between 1 and 268435456.")]
    public long MaxSamplesPerCapture { get; set; } = 4_000_000;

    /// <summary>A startAtUtc this far in the past is still accepted (captures start at once).</summary>
    [Range(0, 3_600, ErrorMessage = "Acquirer:StartToleranceSeconds must be between 0 and 3600.")]
    public double StartToleranceSeconds { get; set; } = 5;

    /// <summary>How far ahead startAtUtc may be.</summary>
    [Range(0, 604_800, ErrorMessage = "Acquirer:MaxStartLeadSeconds must be between 0 and 604800.")]
    public double MaxStartLeadSeconds { get; set; } = 3_600;

    /// <summary>IQ of this size or more travels as a claim check in the object store, never inline.</summary>
    [Range(1_024, 64 * 1024 * 1024, ErrorMessage = "Acquirer:ClaimCheckThresholdBytes must be between 1024 and 67108864.")]
    public int ClaimCheckThresholdBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// <c>Acquirer:CompletionGraceSeconds</c>: added to the longest a receiver may take (start, duration, timeouts and
    /// retries) to give the acquisition's deadline, after which the MetricsWriter completes it without its missing
    /// receivers. Longer than the infrastructure outages to be waited out, so that an outage never becomes a failure.
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "Acquirer:CompletionGraceSeconds must be between 0 and 86400.")]
    public double CompletionGraceSeconds { get; set; } = 900;

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
