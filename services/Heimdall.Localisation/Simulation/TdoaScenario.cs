using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// A transmitter and the receivers that hear it, for simulation with known truth (<see cref="TdoaSimulator"/>): the
/// signal is complex Gaussian noise with a flat spectrum over <see cref="BandwidthHz"/> around
/// <see cref="SignalOffsetHz"/> (a modulated, band-limited signal; a single tone has no usable delay).
/// </summary>
public sealed record TdoaScenario
{
    public required GeoPosition Transmitter { get; init; }

    public required IReadOnlyList<SimulatedReceiver> Receivers { get; init; }

    /// <summary>The tuned frequency (it chooses the path model).</summary>
    public double CenterFrequencyHz { get; init; } = 145e6;

    /// <summary>Nominal sample rate of every receiver, Hz (each runs <see cref="SimulatedReceiver.ClockPpm"/> off it).</summary>
    public double SampleRateHz { get; init; } = 12_000;

    public double DurationSeconds { get; init; } = 1;

    public double BandwidthHz { get; init; } = 3_000;

    public double SignalOffsetHz { get; init; }

    /// <summary>A carrier at <see cref="SignalOffsetHz"/> sent with the modulation, its power in dB relative to the modulation's (null: none), as DCF77's.</summary>
    public double? CarrierDb { get; init; }

    /// <summary>Each GNSS stamp's own error (white), 1σ, seconds.</summary>
    public double StampJitterSeconds { get; init; } = 50e-9;

    /// <summary>Samples between stamps (a KiwiSDR packet).</summary>
    public int StampInterval { get; init; } = 512;

    /// <summary>RMS of a capture (signal and noise) relative to int16 full scale before it is rounded: 0.05 is −26 dBFS.</summary>
    public double FullScaleRms { get; init; } = 0.05;
}

/// <summary>
/// One simulated receiver: its position, the signal-to-noise ratio within the signal's band, how far its sample clock
/// runs from nominal, its GNSS timing's systematic error (drawn once per capture with this σ, and declared as its
/// clock's floor), when it starts relative to the nominal start, and a fixed delay (cable, filter) it adds.
/// </summary>
public sealed record SimulatedReceiver(
    string Name, GeoPosition Position, double SnrDb, double ClockPpm = 0, double TimingSigmaSeconds = 50e-9, double StartOffsetSeconds = 0,
    double FixedDelaySeconds = 0);
