namespace Heimdall.Signal.Simulation;

/// <summary>Predicted reception of a transmitter at a station.</summary>
/// <param name="DistanceMeters">Transmitter–station distance, in metres.</param>
/// <param name="PathLossDb">Free-space path loss, in dB.</param>
/// <param name="ReceivedPowerDbm">Signal power at the antenna port, in dBm.</param>
/// <param name="NoisePowerDbm">Thermal noise power over the whole captured band (the sample rate), in dBm.</param>
/// <param name="SnrDb">Received minus noise power, in dB.</param>
/// <param name="FrequencyOffsetHz">Carrier frequency seen at baseband (carrier − actual LO frequency), in Hz.</param>
/// <param name="PropagationDelaySeconds">Distance / speed of light, in seconds.</param>
/// <param name="SignalDbfs">Received power relative to full scale, in dBFS.</param>
/// <param name="NoiseDbfs">Noise power relative to full scale, in dBFS.</param>
public sealed record LinkBudget(
    double DistanceMeters,
    double PathLossDb,
    double ReceivedPowerDbm,
    double NoisePowerDbm,
    double SnrDb,
    double FrequencyOffsetHz,
    double PropagationDelaySeconds,
    double SignalDbfs,
    double NoiseDbfs);
