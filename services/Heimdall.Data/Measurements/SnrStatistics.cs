namespace Heimdall.Data.Measurements;

/// <summary>
/// A receiver's SNR over a window [From, To). <see cref="Count"/> counts every capture, <see cref="DetectedCount"/>
/// those that held a signal; the SNR figures are over the detected captures only (no-signal captures have no SNR).
/// </summary>
public sealed record SnrStatistics
{
    public required int ReceiverId { get; init; }
    public required long Count { get; init; }
    public required long DetectedCount { get; init; }
    public double? MeanSnrDb { get; init; }
    public double? MinSnrDb { get; init; }
    public double? MaxSnrDb { get; init; }

    /// <summary>Sample standard deviation (n − 1) over the raw rows (<see cref="RawCount"/> captures).</summary>
    public double? StddevSnrDb { get; init; }

    /// <summary>Continuous percentiles (linear interpolation) over the raw rows.</summary>
    public double? P50SnrDb { get; init; }

    public double? P90SnrDb { get; init; }

    /// <summary>
    /// <see cref="SnrSources.Raw"/>: every figure from the raw rows. <see cref="SnrSources.DailyAndRaw"/>: the window
    /// reaches back past the raw rows (retention removed them) and whole days of it came from
    /// <c>measurements_daily</c> (+ <c>_detection</c>): count, detected count, mean, min and max cover the whole window
    /// exactly, while the standard deviation and percentiles, which the daily view cannot give, cover the raw rows only.
    /// <see cref="SnrSources.Daily"/>: no raw rows at all; no standard deviation nor percentiles.
    /// </summary>
    public required string Source { get; init; }

    /// <summary>How many detected captures the standard deviation and percentiles are over.</summary>
    public required long RawDetectedCount { get; init; }
}

/// <summary>The words of <see cref="SnrStatistics.Source"/>.</summary>
public static class SnrSources
{
    public const string Raw = "raw";
    public const string DailyAndRaw = "daily+raw";
    public const string Daily = "daily";
}
