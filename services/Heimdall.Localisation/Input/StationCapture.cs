using System.Numerics;
using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Input;

/// <summary>
/// One receiver's capture of the signal, as the locator takes it: the samples (complex baseband, any scale), where the
/// receiver is, what it was tuned to and its time base. A capture without a position or a clock is reported as
/// unused with its reason (<see cref="ClockProblem"/> says why there is no clock).
/// </summary>
public sealed record StationCapture
{
    /// <summary>The receiver's name, unique among the captures (a KiwiSDR's station name, a receiver's registered name).</summary>
    public required string Name { get; init; }

    /// <summary>The receiver's id in the <c>receivers</c> table, when there is one.</summary>
    public int? ReceiverId { get; init; }

    /// <summary>Where the receiver's antenna is; null when unknown.</summary>
    public GeoPosition? Position { get; init; }

    /// <summary>Complex baseband samples.</summary>
    public required Complex[] Samples { get; init; }

    /// <summary>The frequency the receiver was tuned to (sample 0 Hz of the baseband), Hz.</summary>
    public required double CenterFrequencyHz { get; init; }

    /// <summary>The GNSS time base; null when the capture has none (then <see cref="ClockProblem"/> says why).</summary>
    public CaptureClock? Clock { get; init; }

    /// <summary>Why there is no usable clock (stale or absent GNSS, host-clock timing), or null.</summary>
    public string? ClockProblem { get; init; }

    /// <summary>A known fixed delay of this receiver (cable, filter), seconds: subtracted from its arrival time.</summary>
    public double FixedDelaySeconds { get; init; }

    /// <summary>What the reader noticed about the capture (stamps left out, …), reported with the station.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
