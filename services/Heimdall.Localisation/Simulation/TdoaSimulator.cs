using System.Numerics;
using Heimdall.Localisation.Alignment;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Signal.Fourier;
using Heimdall.Signal.Timing;

namespace Heimdall.Localisation.Simulation;

/// <summary>
/// Captures of a <see cref="TdoaScenario"/> with known truth: one transmitted signal (complex Gaussian, flat over its
/// band, unit power) reaches each receiver after its exact path delay and fixed delay; each receiver samples it with its
/// own clock (rate <see cref="SimulatedReceiver.ClockPpm"/> off nominal, from its own start), adds white noise for its
/// in-band SNR (relative to the modulation, not the carrier when there is one), and the sum is rounded to int16 at
/// <see cref="TdoaScenario.FullScaleRms"/>. Every
/// <see cref="TdoaScenario.StampInterval"/> samples a GNSS stamp gives the sample's true instant plus the receiver's
/// systematic error (one draw per capture) plus jitter, to the nanosecond; the clock is fitted from the stamps with the
/// KiwiSDR driver's fit, so the locator sees what it would see from a Kiwi. The signal is evaluated between its samples
/// with the resampler's windowed sinc; keep |offset| + bandwidth/2 ≤ 0.3 of the rate, where that is exact to better
/// than −100 dB. The same scenario and seed always give the same captures.
/// </summary>
public static class TdoaSimulator
{
    /// <summary>The nominal start of every capture: 2026-11-28T18:30:00Z.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 28, 18, 30, 0, TimeSpan.Zero);

    /// <summary>The captures and what the locator should find.</summary>
    /// <param name="ArrivalSeconds">Per receiver, when the signal's instant 0 arrives by that receiver's clock: path delay, fixed delay and GNSS error.</param>
    /// <param name="TimingErrorSeconds">Per receiver, the systematic GNSS error drawn.</param>
    public sealed record Result(IReadOnlyList<StationCapture> Captures, double[] ArrivalSeconds, double[] TimingErrorSeconds);

    public static Result Generate(TdoaScenario scenario, Propagation propagation, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(propagation);
        var random = new Random(seed);
        var fs = scenario.SampleRateHz;
        var receivers = scenario.Receivers;
        var delays = receivers.Select(r => (propagation.Distance(scenario.Transmitter, new Site(r.Position)) / propagation.SpeedMps) + r.FixedDelaySeconds).ToArray();
        var count = (int)Math.Round(scenario.DurationSeconds * fs);
        var margin = (SincInterpolator.HalfLength + 8) / fs;
        var earliest = receivers.Select((r, i) => r.StartOffsetSeconds - delays[i]).Min() - margin;
        var latest = receivers.Select((r, i) => r.StartOffsetSeconds + (count / (fs * (1 + (r.ClockPpm * 1e-6)))) - delays[i]).Max() + margin;
        var signal = BandLimitedNoise(random, (int)Math.Ceiling((latest - earliest) * fs) + 1, fs, scenario.SignalOffsetHz, scenario.BandwidthHz);
        if (scenario.CarrierDb is { } carrierDb)
        {
            var amplitude = Math.Pow(10, carrierDb / 20);
            var phase = 2 * Math.PI * random.NextDouble();
            for (var m = 0; m < signal.Length; m++)
            {
                var turns = scenario.SignalOffsetHz * m / fs;
                signal[m] += Complex.FromPolarCoordinates(amplitude, phase + (2 * Math.PI * (turns - Math.Floor(turns))));
            }
        }

        var epochNs = KiwiGnssClock.ToGpsNanoseconds(Epoch);
        var captures = new List<StationCapture>();
        var errors = new double[receivers.Count];
        var arrivals = new double[receivers.Count];
        for (var i = 0; i < receivers.Count; i++)
        {
            var receiver = receivers[i];
            var rate = fs * (1 + (receiver.ClockPpm * 1e-6));
            var received = new Complex[count];
            SincInterpolator.Resample(signal, (receiver.StartOffsetSeconds - delays[i] - earliest) * fs, fs / rate, received);
            var noiseSigma = Math.Sqrt(fs / (scenario.BandwidthHz * Math.Pow(10, receiver.SnrDb / 10)) / 2);
            var carrierPower = scenario.CarrierDb is { } db ? Math.Pow(10, db / 10) : 0;
            var scale = scenario.FullScaleRms / Math.Sqrt(1 + carrierPower + (2 * noiseSigma * noiseSigma));
            for (var n = 0; n < count; n++)
            {
                var x = received[n] + new Complex(noiseSigma * Gaussian(random), noiseSigma * Gaussian(random));
                received[n] = new Complex(Quantise(x.Real * scale), Quantise(x.Imaginary * scale));
            }

            errors[i] = receiver.TimingSigmaSeconds * Gaussian(random);
            arrivals[i] = delays[i] + errors[i];
            var indices = new List<long>();
            var stamps = new List<long>();
            for (long n = 0; n < count; n += scenario.StampInterval)
            {
                indices.Add(n);
                var seconds = receiver.StartOffsetSeconds + (n / rate) + errors[i] + (scenario.StampJitterSeconds * Gaussian(random));
                stamps.Add(epochNs + (long)Math.Round(seconds * 1e9));
            }

            var (fit, _) = KiwiTimingFit.FitRejectingOutliers(indices, stamps, 0.5e9 / fs);
            captures.Add(new StationCapture
            {
                Name = receiver.Name,
                Position = receiver.Position,
                Samples = received,
                CenterFrequencyHz = scenario.CenterFrequencyHz,
                Clock = fit is null ? null : CaptureClock.FromFit(fit, indices.Count, receiver.TimingSigmaSeconds, "simulated"),
                ClockProblem = fit is null ? "fewer than two simulated stamps" : null,
                FixedDelaySeconds = receiver.FixedDelaySeconds,
            });
        }

        return new Result(captures, arrivals, errors);
    }

    /// <summary>Unit-power complex Gaussian noise, flat over [offset − B/2, offset + B/2], periodic over a power-of-two length of at least <paramref name="length"/>.</summary>
    private static Complex[] BandLimitedNoise(Random random, int length, double fs, double offsetHz, double bandwidthHz)
    {
        var size = (int)Math.Max(64, BitOperationsCeiling(length));
        var transform = FourierTransforms.Create(size);
        var buffer = transform.Buffer;
        var kept = 0;
        for (var k = 0; k < size; k++)
        {
            var f = (k < size / 2 ? k : k - size) * fs / size;
            var inBand = Math.Abs(f - offsetHz) <= bandwidthHz / 2;
            buffer[k] = inBand ? new Complex(Gaussian(random), Gaussian(random)) : Complex.Zero;
            kept += inBand ? 1 : 0;
        }

        // The inverse transform as the conjugate of the forward transform of the conjugate.
        for (var k = 0; k < size; k++)
        {
            buffer[k] = Complex.Conjugate(buffer[k]);
        }

        transform.Forward();
        var norm = 1 / Math.Sqrt(2.0 * kept);
        var signal = new Complex[size];
        for (var m = 0; m < size; m++)
        {
            signal[m] = Complex.Conjugate(buffer[m]) * norm;
        }

        return signal;
    }

    private static double Quantise(double x) => Math.Clamp(Math.Round(x * 32768), -32768, 32767) / 32768;

    private static long BitOperationsCeiling(int x) => 1L << (int)Math.Ceiling(Math.Log2(Math.Max(1, x)));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
