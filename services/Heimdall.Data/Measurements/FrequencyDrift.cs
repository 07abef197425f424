namespace Heimdall.Data.Measurements;

/// <summary>
/// A receiver's frequency offset over a window: the series (mean offset per bucket) and the least-squares line through
/// every detected capture, offset = intercept + rate × t, with t in hours. No-signal captures have no offset and are
/// left out. The rate and its standard error are null below 2 (the error below 3) captures or when every capture has
/// the same time.
/// </summary>
public sealed record FrequencyDrift
{
    public required int ReceiverId { get; init; }
    public required long Count { get; init; }

    /// <summary>Fitted drift, Hz per hour.</summary>
    public double? DriftHzPerHour { get; init; }

    /// <summary>Standard error of <see cref="DriftHzPerHour"/>: √(SSE / (n − 2) / Σ(t − t̄)²).</summary>
    public double? DriftStandardErrorHzPerHour { get; init; }

    /// <summary>The fitted offset at the window's start.</summary>
    public double? OffsetAtStartHz { get; init; }

    public required IReadOnlyList<DriftPoint> Series { get; init; }
}

/// <summary>A bucket of the series: its start, how many captures, their mean offset.</summary>
public sealed record DriftPoint(DateTime BucketStart, long Count, double MeanOffsetHz);
