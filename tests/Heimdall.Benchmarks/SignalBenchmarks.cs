using BenchmarkDotNet.Attributes;
using Heimdall.Signal;
using Heimdall.Signal.Simulation;

namespace Heimdall.Benchmarks;

/// <summary>Cost of measuring and synthesizing captures: a 1 s capture at 12 kHz and a 1.5 s capture at 2.4 MHz.</summary>
[MemoryDiagnoser]
public class SignalBenchmarks
{
    private const double TunedHz = 145_000_000;

    private readonly SimulatedTransmitter _transmitter = new()
    {
        Position = new GeoPoint(45.044, 7.672, 300),
        PowerDbm = 30,
        FrequencyHz = 145_001_200,
    };

    private readonly SimulatedStation _station = new()
    {
        ReceiverId = 1,
        Position = new GeoPoint(45.478, 9.123, 150),
        LocalOscillatorPpm = SimulatedStation.DefaultLocalOscillatorPpm(1),
    };

    private byte[] _small = [];
    private byte[] _large = [];

    /// <summary>Synthesizes the captures once, outside the measurements.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _small = IqSynthesizer.Synthesize(_transmitter, _station, TunedHz, 12_000, 12_000, seed: 1);
        _large = IqSynthesizer.Synthesize(_transmitter, _station, TunedHz, 2_400_000, 3_600_000, seed: 1);
    }

    /// <summary>SignalAnalyzer.Measure on 12 000 ci16 samples at 12 kHz.</summary>
    [Benchmark]
    public SignalMeasurement Measure12k() => SignalAnalyzer.Measure(_small, SampleFormat.Ci16Le, 12_000);

    /// <summary>SignalAnalyzer.Measure on 3 600 000 ci16 samples at 2.4 MHz.</summary>
    [Benchmark]
    public SignalMeasurement Measure3M6() => SignalAnalyzer.Measure(_large, SampleFormat.Ci16Le, 2_400_000);

    /// <summary>IqSynthesizer.Synthesize of 12 000 samples at 12 kHz.</summary>
    [Benchmark]
    public byte[] Synthesize12k() => IqSynthesizer.Synthesize(_transmitter, _station, TunedHz, 12_000, 12_000, seed: 1);

    /// <summary>IqSynthesizer.Synthesize of 3 600 000 samples at 2.4 MHz.</summary>
    [Benchmark]
    public byte[] Synthesize3M6() => IqSynthesizer.Synthesize(_transmitter, _station, TunedHz, 2_400_000, 3_600_000, seed: 1);
}
