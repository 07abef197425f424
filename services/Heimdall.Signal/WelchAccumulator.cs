using System.Numerics;
using Heimdall.Signal.Fourier;

namespace Heimdall.Signal;

/// <summary>Sees one Welch segment's spectrum X[k] (windowed, unscaled, bin 0 at DC) while the accumulator adds it.</summary>
internal delegate void SegmentSpectrumHandler(ReadOnlySpan<Complex> spectrum);

/// <summary>
/// Streaming Welch estimator: samples arrive in blocks of any size; every full segment of N samples (50 % overlap, so a
/// new segment every N/2 samples) is windowed with a periodic Hann window, optionally has its mean removed first, and is
/// transformed. Per bin it sums |X|² and the cross-spectrum X_s·conj(X_{s−1}) of consecutive segments, whose phase
/// gives the frequency of a component to a fraction of a bin. Memory is O(N), whatever the capture length.
/// </summary>
internal sealed class WelchAccumulator
{
    private readonly Complex[] _segment;
    private readonly double[] _window;
    private readonly double[] _squareSums;
    private readonly Complex[] _crossSums;
    private readonly IFourierTransform[] _transforms;
    private readonly bool _removeMean;
    private readonly SegmentSpectrumHandler? _onSegment;
    private int _filled;

    /// <summary>
    /// Prepares segments of <paramref name="segmentLength"/> samples (a power of two, at least 2); <paramref name="onSegment"/>,
    /// when given, sees each segment's spectrum (unshifted, unscaled) as it is added.
    /// </summary>
    public WelchAccumulator(int segmentLength, bool removeMean, FftBackend? backend = null, SegmentSpectrumHandler? onSegment = null)
    {
        _onSegment = onSegment;
        _transforms = [FourierTransforms.Create(segmentLength, backend), FourierTransforms.Create(segmentLength, backend)];
        _removeMean = removeMean;
        _segment = new Complex[segmentLength];
        _window = InterleavedHannWindow(segmentLength);
        _squareSums = new double[2 * segmentLength];
        _crossSums = new Complex[segmentLength];
        for (var i = 0; i < _window.Length; i += 2)
        {
            WindowEnergy += _window[i] * _window[i];
        }
    }

    /// <summary>Segment length N, also the number of frequency bins.</summary>
    public int SegmentLength => _segment.Length;

    /// <summary>Full segments transformed so far.</summary>
    public int SegmentCount { get; private set; }

    /// <summary>Σ w[n]² of the window.</summary>
    public double WindowEnergy { get; }

    /// <summary>Samples waiting for their segment to fill (all samples seen, if no segment has been completed).</summary>
    public ReadOnlySpan<Complex> Pending => _segment.AsSpan(0, _filled);

    /// <summary>Where the next samples go: decode into this span, then call <see cref="Advance"/>.</summary>
    public Span<Complex> FreeSpace => _segment.AsSpan(_filled);

    /// <summary>Takes <paramref name="count"/> samples written into <see cref="FreeSpace"/>; transforms the segment once it is full.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _segment.Length - _filled);
        _filled += count;
        if (_filled == _segment.Length)
        {
            Transform();
            var half = _segment.Length / 2;
            _segment.AsSpan(half).CopyTo(_segment);
            _filled = half;
        }
    }

    /// <summary>Appends samples (copying them into the segment buffer).</summary>
    public void Append(ReadOnlySpan<Complex> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _segment.Length - _filled);
            samples[..take].CopyTo(FreeSpace);
            Advance(take);
            samples = samples[take..];
        }
    }

    /// <summary>
    /// The averaged two-sided density, fft-shifted (bin i is (i − N/2)·fs/N), scaled like scipy's
    /// <c>welch(..., scaling='density', return_onesided=False)</c>: P = Σ|X|² / (fs·Σw²·segments). Needs at least one segment.
    /// </summary>
    public WelchSpectrum ToSpectrum(double sampleRateHz)
    {
        if (SegmentCount == 0)
        {
            throw new InvalidOperationException("No full segment has been accumulated yet.");
        }

        var n = SegmentLength;
        var scale = 1.0 / (sampleRateHz * WindowEnergy * SegmentCount);
        var density = new double[n];
        var cross = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            var shifted = (k + (n / 2)) % n;
            density[shifted] = (_squareSums[2 * k] + _squareSums[(2 * k) + 1]) * scale;
            cross[shifted] = _crossSums[k];
        }

        return new WelchSpectrum(density, cross, sampleRateHz, SegmentCount);
    }

    private void Transform()
    {
        // Two transforms take turns, so the previous segment's spectrum is still in the other one's buffer.
        var fft = _transforms[SegmentCount % 2];
        var mean = Complex.Zero;
        if (_removeMean)
        {
            foreach (var x in _segment)
            {
                mean += x;
            }

            mean /= _segment.Length;
        }

        SpectralKernels.Window(_segment, _window, mean, fft.Buffer);
        fft.Forward();
        SpectralKernels.AccumulateSquares(fft.Buffer, _squareSums);
        _onSegment?.Invoke(fft.Buffer);
        if (SegmentCount > 0)
        {
            SpectralKernels.AccumulateCross(fft.Buffer, _transforms[(SegmentCount + 1) % 2].Buffer, _crossSums);
        }

        SegmentCount++;
    }

    /// <summary>
    /// Periodic Hann window, w[n] = ½ − ½·cos(2πn/N) (scipy's <c>get_window('hann', N)</c>), each value written twice
    /// to line up with interleaved (re, im) samples.
    /// </summary>
    private static double[] InterleavedHannWindow(int length)
    {
        var window = new double[2 * length];
        for (var i = 0; i < length; i++)
        {
            window[2 * i] = window[(2 * i) + 1] = 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * i / length));
        }

        return window;
    }
}
