using System.Numerics;

namespace Heimdall.Signal;

/// <summary>
/// Welch power spectral density: periodic Hann window, 50 % overlap, density scaling
/// P[k] = |FFT(w·x)[k]|² / (fs·Σw²) averaged over segments, so that Σ P·Δf ≈ mean |x|².
/// </summary>
internal static class WelchEstimator
{
    /// <summary>Shortest segment used unless the capture itself is shorter.</summary>
    public const int MinSegmentLength = 256;

    /// <summary>Longest segment used, whatever the sample rate.</summary>
    public const int MaxSegmentLength = 65536;

    /// <summary>
    /// Segment length: the power of two at or above fs / 10 Hz (bin width about 10 Hz or finer),
    /// clamped to [<see cref="MinSegmentLength"/>, <see cref="MaxSegmentLength"/>] and to the largest power of two not above the sample count.
    /// </summary>
    public static int SegmentLength(int sampleCount, double sampleRateHz)
    {
        var target = (int)Math.Min(MaxSegmentLength, Math.Ceiling(sampleRateHz / 10.0));
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, target));
        length = Math.Clamp(length, MinSegmentLength, MaxSegmentLength);
        var longestFitting = 1 << BitOperations.Log2((uint)sampleCount);
        return Math.Min(length, longestFitting);
    }

    /// <summary>Estimates the fft-shifted PSD of <paramref name="samples"/> (at least 2 samples) taken at <paramref name="sampleRateHz"/>.</summary>
    public static PowerSpectrum Estimate(ReadOnlySpan<Complex> samples, double sampleRateHz)
    {
        var n = SegmentLength(samples.Length, sampleRateHz);
        var window = new double[n];
        var windowEnergy = 0.0;
        for (var i = 0; i < n; i++)
        {
            window[i] = 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * i / n));
            windowEnergy += window[i] * window[i];
        }

        var fft = new Fft(n);
        var re = new double[n];
        var im = new double[n];
        var sum = new double[n];
        var step = n / 2;
        var segments = ((samples.Length - n) / step) + 1;
        for (var s = 0; s < segments; s++)
        {
            var segment = samples.Slice(s * step, n);
            for (var i = 0; i < n; i++)
            {
                re[i] = segment[i].Real * window[i];
                im[i] = segment[i].Imaginary * window[i];
            }

            fft.Forward(re, im);
            for (var k = 0; k < n; k++)
            {
                sum[k] += (re[k] * re[k]) + (im[k] * im[k]);
            }
        }

        var scale = 1.0 / (sampleRateHz * windowEnergy * segments);
        var density = new double[n];
        for (var k = 0; k < n; k++)
        {
            // fft shift: bin 0 (DC) goes to the middle.
            density[(k + (n / 2)) % n] = sum[k] * scale;
        }

        return new PowerSpectrum(density, sampleRateHz / n);
    }
}
