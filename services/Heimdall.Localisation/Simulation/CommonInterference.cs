using System.Numerics;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// The case a whitened correlation fails on: two receivers 40 km apart hear a 500 Hz-wide signal 20 dB above the
/// noise in its band, and both also pick up the same interference at the same instant (a local source, or a spur
/// pattern of the receivers' own): white over the whole 12 kHz at 17 dB below the signal's density, plus two common
/// tones at 3.1 and −2.25 kHz. The interference's total power is (12 000/500)·10^−1.7 = 0.48 of the signal's, at zero lag.
/// </summary>
public static class CommonInterference
{
    /// <summary>The two captures and the true delay (arrival at the second minus the first).</summary>
    public static (IReadOnlyList<StationCapture> Captures, double TruthSeconds) Generate(int seed)
    {
        var frame = new LocalFrame(TdoaGeometries.Centre);
        var scenario = new TdoaScenario
        {
            Transmitter = frame.FromEnu(-15_000, 3_000, 0),
            Receivers = [new SimulatedReceiver("A", frame.FromEnu(-20_000, 0, 0), 20), new SimulatedReceiver("B", frame.FromEnu(20_000, 0, 0), 20)],
            BandwidthHz = 500,
            SignalOffsetHz = 1_000,
        };
        var simulated = TdoaSimulator.Generate(scenario, new Propagation(PropagationMode.LineOfSight), seed);
        var random = new Random(seed + 1000);
        var fs = scenario.SampleRateHz;
        // The signal's density as captured: full-scale RMS² shared with the in-band noise (20 dB down, spread over the whole band).
        var signalDensity = scenario.FullScaleRms * scenario.FullScaleRms / (1 + (fs / (scenario.BandwidthHz * 100))) / scenario.BandwidthHz;
        var sigma = Math.Sqrt(signalDensity * Math.Pow(10, -1.7) * fs / 2);
        var common = Enumerable.Range(0, simulated.Captures[0].Samples.Length)
            .Select(n => new Complex(sigma * TdoaSimulator.Gaussian(random), sigma * TdoaSimulator.Gaussian(random))
                         + Complex.FromPolarCoordinates(0.02, 2 * Math.PI * 3_100 * n / fs) + Complex.FromPolarCoordinates(0.02, 2 * Math.PI * -2_250 * n / fs))
            .ToArray();
        return (simulated.Captures.Select(c => c with { Samples = c.Samples.Select((x, n) => x + common[n]).ToArray() }).ToList(),
            simulated.ArrivalSeconds[1] - simulated.ArrivalSeconds[0]);
    }
}
