namespace Heimdall.Contracts;

/// <summary>The request was accepted and the receivers were asked to capture.</summary>
public sealed record AcquisitionStarted
{
    public required Guid AcquisitionId { get; init; }
    public required int[] ReceiverIds { get; init; }
    public required double FrequencyHz { get; init; }

    /// <summary>The requested rate; null when each receiver captures at its native rate.</summary>
    public double? SampleRateHz { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>The instant every receiver starts capturing (UTC).</summary>
    public required DateTimeOffset StartAtUtc { get; init; }
}
