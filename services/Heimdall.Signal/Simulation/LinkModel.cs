namespace Heimdall.Signal.Simulation;

/// <summary>Free-space link budget between a simulated transmitter and station.</summary>
public static class LinkModel
{
    /// <summary>Shortest distance the path loss is computed for, in metres (the near field is not modelled).</summary>
    public const double MinPathLossDistanceMeters = 1;

    /// <summary>
    /// Predicts the reception: received = EIRP − FSPL(distance, carrier); noise = thermal noise over <paramref name="sampleRateHz"/> with the
    /// station's noise figure; SNR = received − noise; offset = carrier − tuned·(1 + ppm·1e-6); delay = distance / c;
    /// dBFS values = dBm values − <see cref="SimulatedStation.FullScaleDbm"/>.
    /// </summary>
    /// <param name="transmitter">The transmitter.</param>
    /// <param name="station">The receiving station.</param>
    /// <param name="tunedFrequencyHz">Frequency the receiver is tuned to, in Hz.</param>
    /// <param name="sampleRateHz">Complex sample rate, which is also the captured bandwidth, in Hz.</param>
    public static LinkBudget Predict(
        SimulatedTransmitter transmitter, SimulatedStation station, double tunedFrequencyHz, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(station);
        var distance = Geodesy.DistanceMeters(transmitter.Position, station.Position);
        var pathLoss = RadioPropagation.FreeSpacePathLossDb(Math.Max(distance, MinPathLossDistanceMeters), transmitter.FrequencyHz);
        var received = transmitter.PowerDbm - pathLoss;
        var noise = RadioPropagation.ThermalNoiseDbm(sampleRateHz, station.NoiseFigureDb);
        var localOscillatorHz = tunedFrequencyHz * (1 + (station.LocalOscillatorPpm * 1e-6));
        return new LinkBudget(
            DistanceMeters: distance,
            PathLossDb: pathLoss,
            ReceivedPowerDbm: received,
            NoisePowerDbm: noise,
            SnrDb: received - noise,
            FrequencyOffsetHz: transmitter.FrequencyHz - localOscillatorHz,
            PropagationDelaySeconds: distance / RadioPropagation.SpeedOfLightMetersPerSecond,
            SignalDbfs: received - station.FullScaleDbm,
            NoiseDbfs: noise - station.FullScaleDbm);
    }
}
