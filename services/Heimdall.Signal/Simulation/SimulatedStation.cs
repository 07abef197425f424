namespace Heimdall.Signal.Simulation;

/// <summary>A simulated receiving station.</summary>
public sealed record SimulatedStation
{
    /// <summary>Receiver identifier.</summary>
    public required int ReceiverId { get; init; }

    /// <summary>Antenna position.</summary>
    public required GeoPoint Position { get; init; }

    /// <summary>Receiver noise figure, in dB.</summary>
    public double NoiseFigureDb { get; init; } = 6;

    /// <summary>Local-oscillator error, in parts per million: the LO runs at tuned·(1 + ppm·1e-6).</summary>
    public double LocalOscillatorPpm { get; init; }

    /// <summary>Power at the antenna port, in dBm, that reads as 0 dBFS (a full-scale complex sinusoid).</summary>
    public double FullScaleDbm { get; init; } = -60;

    /// <summary>
    /// A deterministic LO error for a receiver, in ppm within [−1, +1]: ((id·7919) mod 201 − 100) / 100.
    /// Distinct for any 201 consecutive ids.
    /// </summary>
    public static double DefaultLocalOscillatorPpm(int receiverId)
    {
        var residue = ((receiverId * 7919L % 201) + 201) % 201;
        return (residue - 100) / 100.0;
    }
}
