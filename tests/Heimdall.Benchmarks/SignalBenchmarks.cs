using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Heimdall.Signal;
using Heimdall.Signal.Simulation;

namespace Heimdall.Benchmarks;

/// <summary>
/// The full metric set (<see cref="SignalAnalyzer.Measure"/>) on ci16_le captures of 120 000 and 1 200 000 samples,
/// once with FFTW and once with the managed FFT (two jobs, selected through <c>HEIMDALL_FFT</c>), plus the simulator.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BackendJobs))]
public class SignalBenchmarks
{
    private const double TunedHz = 145_000_000;
    private const double SampleRateHz = 12_000;

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

    private byte[] _capture = [];

    /// <summary>Complex samples per capture.</summary>
    [Params(120_000, 1_200_000)]
    public int SampleCount { get; set; }

    /// <summary>Synthesizes the capture once, outside the measurements.</summary>
    [GlobalSetup]
    public void Setup() => _capture = IqSynthesizer.Synthesize(_transmitter, _station, TunedHz, SampleRateHz, SampleCount, seed: 1);

    /// <summary>Every metric of one capture, from its raw bytes.</summary>
    [Benchmark]
    public SignalMeasurement Measure() => SignalAnalyzer.Measure(_capture, SampleFormat.Ci16Le, SampleRateHz);

    /// <summary>IqSynthesizer.Synthesize of the same capture.</summary>
    [Benchmark]
    public byte[] Synthesize() => IqSynthesizer.Synthesize(_transmitter, _station, TunedHz, SampleRateHz, SampleCount, seed: 1);

    private sealed class BackendJobs : ManualConfig
    {
        public BackendJobs()
        {
            AddJob(Job.Default.WithEnvironmentVariable("HEIMDALL_FFT", "fftw").WithId("fftw"));
            AddJob(Job.Default.WithEnvironmentVariable("HEIMDALL_FFT", "managed").WithId("managed"));
        }
    }
}
