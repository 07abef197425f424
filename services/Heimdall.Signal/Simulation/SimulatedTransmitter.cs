namespace Heimdall.Signal.Simulation;

/// <summary>A simulated transmitter: a carrier frequency-modulated by a sine tone.</summary>
public sealed record SimulatedTransmitter
{
    /// <summary>Antenna position.</summary>
    public required GeoPoint Position { get; init; }

    /// <summary>Effective isotropic radiated power, in dBm.</summary>
    public required double PowerDbm { get; init; }

    /// <summary>Carrier frequency, in Hz.</summary>
    public required double FrequencyHz { get; init; }

    /// <summary>Frequency of the modulating sine tone, in Hz.</summary>
    public double ModulationToneHz { get; init; } = 1_000;

    /// <summary>Peak frequency deviation, in Hz.</summary>
    public double DeviationHz { get; init; } = 500;
}
