namespace Heimdall.Data.Measurements;

/// <summary>
/// Filters of the recent-measurements listing, newest first. Every filter is optional; <see cref="Since"/> bounds the
/// window (the API sets it from <c>hours</c>).
/// </summary>
public sealed record RecentMeasurementsQuery
{
    public int? ReceiverId { get; init; }
    public double? MinFrequencyHz { get; init; }
    public double? MaxFrequencyHz { get; init; }
    public DateTime? Since { get; init; }
    public bool? SignalDetected { get; init; }
    public int Limit { get; init; } = 100;

    /// <summary>Rows strictly after this position in the listing (older, or equal time and smaller ids).</summary>
    public MeasurementCursor? After { get; init; }
}

/// <summary>A page of measurements and the cursor of the next one (null on the last page).</summary>
public sealed record MeasurementPage(IReadOnlyList<Measurement> Items, MeasurementCursor? Next);
