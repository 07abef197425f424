using System.Numerics;
using System.Runtime.InteropServices;
using Heimdall.Signal.Fourier;

namespace Heimdall.Localisation.Correlation;

/// <summary>
/// Welch estimates of every capture's spectrum and every pair's cross-spectrum on the common grid: Hann-windowed
/// segments with 50 % overlap, each transformed once (FFTW when present), the products averaged. Bin k is frequency
/// k·fs/N for k &lt; N/2, (k − N)·fs/N above. Cross[p][k] = mean of X_a·conj(X_b) for pair p = (a, b), so a signal that
/// reaches b later than a by d seconds gives a phase of +2πf·d.
/// </summary>
internal sealed class CrossSpectra
{
    /// <summary>Target number of segments: enough that a bin's coherence is estimated to within about 1/128.</summary>
    public const int TargetSegments = 128;

    private CrossSpectra(int segmentLength, int segments, double sampleRateHz, double durationSeconds, double[][] auto, Complex[][] cross, (int A, int B)[] pairs)
    {
        SegmentLength = segmentLength;
        Segments = segments;
        SampleRateHz = sampleRateHz;
        DurationSeconds = durationSeconds;
        Auto = auto;
        Cross = cross;
        Pairs = pairs;
    }

    public int SegmentLength { get; }

    public int Segments { get; }

    public double SampleRateHz { get; }

    /// <summary>The span the segments cover, seconds (the T of the delay variance).</summary>
    public double DurationSeconds { get; }

    /// <summary>Auto[station][bin]: mean |X|².</summary>
    public double[][] Auto { get; }

    /// <summary>Cross[pair][bin]: mean X_a·conj(X_b).</summary>
    public Complex[][] Cross { get; }

    /// <summary>The pairs (a &lt; b), in the order of <see cref="Cross"/>.</summary>
    public (int A, int B)[] Pairs { get; }

    /// <summary>Bin spacing, Hz.</summary>
    public double BinHz => SampleRateHz / SegmentLength;

    /// <summary>
    /// What the Hann window at 50 % overlap costs in variance, 1.056: the overlapped windows weigh the samples by
    /// Σw² = 1 − sin²(2πn/N)/2, between 0.5 and 1, and an estimate from unequally weighted samples has
    /// E[Σw²²]/E[Σw²]² = 0.59375/0.5625 = 1.056 times the variance of one from equally weighted samples (the same factor
    /// as Welch's degrees of freedom, 2K/1.056).
    /// </summary>
    public const double WindowVarianceFactor = 1.056;

    /// <summary>Equivalent number of independent segments (Welch, Hann at 50 % overlap).</summary>
    public double EffectiveSegments => Math.Max(1, Segments / WindowVarianceFactor);

    public double Frequency(int bin) => (bin < SegmentLength / 2 ? bin : bin - SegmentLength) * BinHz;

    /// <summary>
    /// The segment length for <paramref name="length"/> samples: the largest power of two that still gives
    /// <see cref="TargetSegments"/> segments, but at least 8 times the longest lag searched (so a segment loses at most
    /// 1/8 of its common signal to the delay) and at least 64; at most 65536.
    /// </summary>
    public static int ChooseSegmentLength(int length, double maxLagSamples)
    {
        var byCount = (int)Math.Min(65536, Math.Max(64, BitFloor((2.0 * length) / (TargetSegments + 1))));
        var byLag = (int)Math.Min(65536, Math.Max(64, BitCeiling(8 * maxLagSamples)));
        return Math.Max(byCount, byLag);
    }

    /// <summary>Estimates the spectra of <paramref name="signals"/> (equal lengths, at least one segment).</summary>
    public static CrossSpectra Estimate(IReadOnlyList<Complex[]> signals, int segmentLength, double sampleRateHz)
    {
        var n = signals.Count;
        var length = signals[0].Length;
        var hop = segmentLength / 2;
        var segments = ((length - segmentLength) / hop) + 1;
        if (segments < 1)
        {
            throw new ArgumentException($"{length} samples hold no segment of {segmentLength}", nameof(signals));
        }

        // The window twice per complex sample, so that windowing, powers and products run on interleaved doubles, vectorised.
        var window = new double[2 * segmentLength];
        for (var i = 0; i < segmentLength; i++)
        {
            window[2 * i] = window[(2 * i) + 1] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / segmentLength));
        }

        var pairs = new List<(int, int)>();
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                pairs.Add((a, b));
            }
        }

        var transforms = Enumerable.Range(0, n).Select(_ => FourierTransforms.Create(segmentLength)).ToArray();
        var swapped = Enumerable.Range(0, n).Select(_ => new double[2 * segmentLength]).ToArray();
        var squares = Enumerable.Range(0, n).Select(_ => new double[2 * segmentLength]).ToArray();
        // Per pair, Σ x_a·x_b and Σ x_a·swap(x_b) elementwise on (re, im) doubles: re(a·b̄) = ar·br + ai·bi, im(a·b̄) = ai·br − ar·bi.
        var direct = pairs.Select(_ => new double[2 * segmentLength]).ToArray();
        var crossed = pairs.Select(_ => new double[2 * segmentLength]).ToArray();
        for (var s = 0; s < segments; s++)
        {
            for (var i = 0; i < n; i++)
            {
                var buffer = MemoryMarshal.Cast<Complex, double>(transforms[i].Buffer);
                Multiply(MemoryMarshal.Cast<Complex, double>(signals[i].AsSpan(s * hop, segmentLength)), window, buffer);
                transforms[i].Forward();
                MultiplyAdd(buffer, buffer, squares[i]);
                var swap = swapped[i];
                for (var k = 0; k < swap.Length; k += 2)
                {
                    swap[k] = buffer[k + 1];
                    swap[k + 1] = buffer[k];
                }
            }

            for (var p = 0; p < pairs.Count; p++)
            {
                var (a, b) = pairs[p];
                var xa = MemoryMarshal.Cast<Complex, double>(transforms[a].Buffer);
                MultiplyAdd(xa, MemoryMarshal.Cast<Complex, double>(transforms[b].Buffer), direct[p]);
                MultiplyAdd(xa, swapped[b], crossed[p]);
            }
        }

        var auto = squares.Select(q => Enumerable.Range(0, segmentLength).Select(k => (q[2 * k] + q[(2 * k) + 1]) / segments).ToArray()).ToArray();
        var cross = pairs.Select((_, p) => Enumerable.Range(0, segmentLength)
            .Select(k => new Complex((direct[p][2 * k] + direct[p][(2 * k) + 1]) / segments, (crossed[p][(2 * k) + 1] - crossed[p][2 * k]) / segments)).ToArray()).ToArray();
        var duration = ((segments - 1) * hop + segmentLength) / sampleRateHz;
        return new CrossSpectra(segmentLength, segments, sampleRateHz, duration, auto, cross, [.. pairs]);
    }

    /// <summary>destination = a·b, elementwise.</summary>
    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var vd = MemoryMarshal.Cast<double, Vector<double>>(destination);
        for (var i = 0; i < vd.Length; i++)
        {
            vd[i] = va[i] * vb[i];
        }

        for (var i = vd.Length * Vector<double>.Count; i < destination.Length; i++)
        {
            destination[i] = a[i] * b[i];
        }
    }

    /// <summary>sum += a·b, elementwise.</summary>
    private static void MultiplyAdd(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> sum)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var vs = MemoryMarshal.Cast<double, Vector<double>>(sum);
        for (var i = 0; i < vs.Length; i++)
        {
            vs[i] = Vector.FusedMultiplyAdd(va[i], vb[i], vs[i]);
        }

        for (var i = vs.Length * Vector<double>.Count; i < sum.Length; i++)
        {
            sum[i] += a[i] * b[i];
        }
    }

    private static double BitFloor(double x) => x < 1 ? 1 : Math.Pow(2, Math.Floor(Math.Log2(x)));

    private static double BitCeiling(double x) => x <= 1 ? 1 : Math.Pow(2, Math.Ceiling(Math.Log2(x)));
}
