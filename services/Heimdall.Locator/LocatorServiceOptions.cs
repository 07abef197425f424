using System.ComponentModel.DataAnnotations;

namespace Heimdall.Locator;

/// <summary>Section <c>Locator</c>.</summary>
public sealed class LocatorServiceOptions
{
    public const string Section = "Locator";

    /// <summary>Acquisitions located at once (each holds its recordings in memory and computes on one core).</summary>
    [Range(1, 16, ErrorMessage = "Locator:ConcurrentMessageLimit must be between 1 and 16.")]
    public int ConcurrentMessageLimit { get; set; } = 1;

    /// <summary>A recording larger than this (its .sigmf-data, bytes) is not read and its receiver is left out with the reason.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Locator:MaxRecordingBytes must be positive.")]
    public long MaxRecordingBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The power-based region's path-loss exponent n (log-distance model; docs: Heimdall.Localisation's README).</summary>
    [Range(1.0, 6.0, ErrorMessage = "Locator:PathLossExponent must be between 1 and 6.")]
    public double PathLossExponent { get; set; } = 3.0;

    /// <summary>The power-based region's shadowing σ, dB.</summary>
    [Range(0.1, 30.0, ErrorMessage = "Locator:ShadowingSigmaDb must be between 0.1 and 30.")]
    public double ShadowingSigmaDb { get; set; } = 8.0;

    /// <summary>The confidence level the power-based region is drawn at.</summary>
    [Range(0.5, 0.999, ErrorMessage = "Locator:PowerRegionConfidence must be between 0.5 and 0.999.")]
    public double PowerRegionConfidence { get; set; } = 0.95;
}
