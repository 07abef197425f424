namespace Heimdall.Contracts;

/// <summary>
/// Additive: how a capture's start time was obtained and what the receiver said about its clock, so that a TDoA consumer
/// can tell which captures it may combine. Null from producers older than the field (the time source is then unknown).
/// </summary>
public sealed record CaptureTiming
{
    /// <summary>
    /// <see cref="TimingSources.Gnss"/> (the receiver's GNSS time stamps), <see cref="TimingSources.HostClock"/> (the
    /// Acquirer host's clock; no stamps exist), or <see cref="TimingSources.Recorded"/> (the time stored in a replayed recording).
    /// </summary>
    public required string Source { get; init; }

    /// <summary>Time stamps the receiver sent with the samples (KiwiSDR: the first sample of each packet), in sample order.</summary>
    public CaptureTimeStamp[] Stamps { get; init; } = [];

    /// <summary>The sample rate fitted to <see cref="Stamps"/>, Hz; null without stamps.</summary>
    public double? MeasuredSampleRateHz { get; init; }

    /// <summary>The rate the receiver announced, Hz (KiwiSDR: its <c>sample_rate</c> message); null when it announces none.</summary>
    public double? AnnouncedSampleRateHz { get; init; }

    /// <summary>RMS of the stamps' residuals against the linear fit, nanoseconds; null without stamps.</summary>
    public double? StampResidualRmsNs { get; init; }

    /// <summary>Largest absolute residual of a stamp against the linear fit, nanoseconds; null without stamps.</summary>
    public double? StampResidualMaxNs { get; init; }

    /// <summary>Packets missing from the receiver's sequence numbers during the capture.</summary>
    public int SequenceGaps { get; init; }

    /// <summary>Age of the receiver's GNSS solution at the start of the capture, seconds (KiwiSDR <c>last_gps_solution</c>).</summary>
    public int? GnssSolutionAgeSeconds { get; init; }

    /// <summary>The receiver's software version, e.g. <c>KiwiSDR 1.711</c> (filter delays differ between releases).</summary>
    public string? ReceiverVersion { get; init; }

    /// <summary>
    /// Additive: how many attempts the receiver took to deliver this capture (1 when the first succeeded), set by the
    /// Acquirer for every kind; null from producers older than the field.
    /// </summary>
    public int? Attempts { get; init; }

    /// <summary>What makes this time less trustworthy, one sentence each (stale or absent GNSS, sequence gaps, …).</summary>
    public string[] Warnings { get; init; } = [];
}

/// <summary>One time stamp: the UTC instant of sample <see cref="SampleIndex"/> of the capture (100 ns resolution).</summary>
public sealed record CaptureTimeStamp
{
    public required long SampleIndex { get; init; }
    public required DateTimeOffset Utc { get; init; }
}

/// <summary>Values of <see cref="CaptureTiming.Source"/> (and of <c>measurements.timing_source</c>).</summary>
public static class TimingSources
{
    public const string Gnss = "gnss";
    public const string HostClock = "host-clock";
    public const string Recorded = "recorded";

    /// <summary>Additive: stamps of the simulated network's exact clock (<c>Simulation:TdoaBandwidthHz</c>), not a receiver's GNSS.</summary>
    public const string Simulated = "simulated";
}
