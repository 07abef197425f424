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
}
