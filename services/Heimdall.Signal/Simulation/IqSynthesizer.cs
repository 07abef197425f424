using System.Buffers.Binary;

namespace Heimdall.Signal.Simulation;

/// <summary>Synthesizes the <c>ci16_le</c> capture a simulated station would record of a simulated transmitter.</summary>
public static class IqSynthesizer
{
    /// <summary>
    /// Returns <paramref name="sampleCount"/>·4 bytes of <c>ci16_le</c>: the transmitter's FM signal as received
    /// (amplitude from <see cref="LinkModel.Predict"/>'s <see cref="LinkBudget.SignalDbfs"/>, at baseband frequency
    /// <see cref="LinkBudget.FrequencyOffsetHz"/>, modulation delayed by the propagation delay, initial carrier phase drawn
    /// from the seed) plus complex white Gaussian noise of power <see cref="LinkBudget.NoiseDbfs"/>; full scale maps to 32768,
    /// values are rounded and clipped to [−32768, 32767]. The same arguments and seed always give the same bytes.
    /// </summary>
    /// <param name="transmitter">The transmitter.</param>
    /// <param name="station">The receiving station.</param>
    /// <param name="tunedFrequencyHz">Frequency the receiver is tuned to, in Hz.</param>
    /// <param name="sampleRateHz">Complex sample rate, in Hz (positive).</param>
    /// <param name="sampleCount">Number of complex samples (0 … <see cref="Array.MaxLength"/>/4).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> drawing the carrier phase and the noise.</param>
    public static byte[] Synthesize(
        SimulatedTransmitter transmitter,
        SimulatedStation station,
        double tunedFrequencyHz,
        double sampleRateHz,
        long sampleCount,
        int seed)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(station);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleCount, Array.MaxLength / 4);

        var link = LinkModel.Predict(transmitter, station, tunedFrequencyHz, sampleRateHz);
        var amplitude = Math.Sqrt(Math.Pow(10, link.SignalDbfs / 10));
        var noiseSigma = Math.Sqrt(Math.Pow(10, link.NoiseDbfs / 10) / 2);
        var carrierCyclesPerSample = link.FrequencyOffsetHz / sampleRateHz;
        var toneCyclesPerSample = transmitter.ModulationToneHz / sampleRateHz;
        var toneDelayCycles = transmitter.ModulationToneHz * link.PropagationDelaySeconds;
        var modulationIndex = transmitter.ModulationToneHz > 0 ? transmitter.DeviationHz / transmitter.ModulationToneHz : 0;

        var random = new Random(seed);
        var initialPhase = 2 * Math.PI * random.NextDouble();
        var bytes = new byte[sampleCount * 4];
        for (long n = 0; n < sampleCount; n++)
        {
            // Phases are computed from the sample index (fraction of a cycle), so they do not drift over millions of samples.
            var tonePhase = 2 * Math.PI * Fraction((toneCyclesPerSample * n) - toneDelayCycles);
            var phase = initialPhase + (2 * Math.PI * Fraction(carrierCyclesPerSample * n)) + (modulationIndex * Math.Sin(tonePhase));
            var (sin, cos) = Math.SinCos(phase);

            // Box–Muller: two independent standard normals from two uniforms; 1 − u keeps the logarithm finite.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var (noiseSin, noiseCos) = Math.SinCos(2 * Math.PI * random.NextDouble());

            var span = bytes.AsSpan((int)(n * 4), 4);
            BinaryPrimitives.WriteInt16LittleEndian(span, ToInt16((amplitude * cos) + (noiseSigma * radius * noiseCos)));
            BinaryPrimitives.WriteInt16LittleEndian(span[2..], ToInt16((amplitude * sin) + (noiseSigma * radius * noiseSin)));
        }

        return bytes;
    }

    private static double Fraction(double cycles) => cycles - Math.Floor(cycles);

    private static short ToInt16(double fullScaleValue) =>
        (short)Math.Clamp(Math.Round(fullScaleValue * 32768), short.MinValue, short.MaxValue);
}
