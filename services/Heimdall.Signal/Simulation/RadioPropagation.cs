namespace Heimdall.Signal.Simulation;

/// <summary>Free-space propagation and thermal noise.</summary>
public static class RadioPropagation
{
    /// <summary>Speed of light in vacuum, in m/s.</summary>
    public const double SpeedOfLightMetersPerSecond = 299_792_458;

    /// <summary>Boltzmann constant, in J/K.</summary>
    public const double BoltzmannJoulesPerKelvin = 1.380649e-23;

    /// <summary>Reference noise temperature, in K.</summary>
    public const double ReferenceTemperatureKelvin = 290;

    /// <summary>Free-space path loss in dB: 20·log10(4π·d·f / c).</summary>
    /// <param name="distanceMeters">Distance in metres (positive).</param>
    /// <param name="frequencyHz">Frequency in Hz (positive).</param>
    public static double FreeSpacePathLossDb(double distanceMeters, double frequencyHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(distanceMeters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        return 20 * Math.Log10(4 * Math.PI * distanceMeters * frequencyHz / SpeedOfLightMetersPerSecond);
    }

    /// <summary>Thermal noise power in dBm over a bandwidth at 290 K, plus the noise figure: 10·log10(k·290·B·1000) + NF.</summary>
    /// <param name="bandwidthHz">Noise bandwidth in Hz (positive).</param>
    /// <param name="noiseFigureDb">Receiver noise figure in dB.</param>
    public static double ThermalNoiseDbm(double bandwidthHz, double noiseFigureDb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandwidthHz);
        return (10 * Math.Log10(BoltzmannJoulesPerKelvin * ReferenceTemperatureKelvin * bandwidthHz * 1000)) + noiseFigureDb;
    }
}
