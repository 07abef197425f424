using System.ComponentModel.DataAnnotations;

namespace Heimdall.Domain.Acquisitions;

/// <summary>
/// The limits of an <c>AcquisitionRequested</c> (section <c>Acquirer</c>): one set of rules for the Acquirer, which
/// decides, and the API, which answers a request before publishing it. Bind both from the same section.
/// </summary>
public sealed class AcquisitionRules
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
}
