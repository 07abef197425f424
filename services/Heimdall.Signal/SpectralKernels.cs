using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Heimdall.Signal;

/// <summary>
/// The per-segment loops of the Welch estimator on interleaved (re, im) doubles, vectorised where the CPU allows
/// (System.Numerics.Vector, and AVX for the cross-spectrum), with plain loops for the remainder and other CPUs.
/// </summary>
internal static class SpectralKernels
{
    /// <summary>output = (segment − mean)·window, where <paramref name="window"/> holds each window value twice (for re and im).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Window(ReadOnlySpan<Complex> segment, ReadOnlySpan<double> window, Complex mean, Span<Complex> output)
    {
        var x = MemoryMarshal.Cast<Complex, double>(segment);
        var y = MemoryMarshal.Cast<Complex, double>(output);
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<double>.Count % 2 == 0)
        {
            Span<double> pattern = stackalloc double[Vector<double>.Count];
            for (var j = 0; j < pattern.Length; j += 2)
            {
                pattern[j] = mean.Real;
                pattern[j + 1] = mean.Imaginary;
            }

            var offset = new Vector<double>(pattern);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                ((new Vector<double>(x[i..]) - offset) * new Vector<double>(window[i..])).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i += 2)
        {
            y[i] = (x[i] - mean.Real) * window[i];
            y[i + 1] = (x[i + 1] - mean.Imaginary) * window[i + 1];
        }
    }

    /// <summary>sums[i] += x[i]² over interleaved values: each bin's |X|² is then sums[2k] + sums[2k + 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateSquares(ReadOnlySpan<Complex> spectrum, Span<double> sums)
    {
        var x = MemoryMarshal.Cast<Complex, double>(spectrum);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(x[i..]);
                (new Vector<double>(sums[i..]) + (v * v)).CopyTo(sums[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            sums[i] += x[i] * x[i];
        }
    }

    /// <summary>cross[k] += current[k]·conj(previous[k]), on interleaved (re, im) doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateCross(ReadOnlySpan<Complex> current, ReadOnlySpan<Complex> previous, Span<Complex> cross)
    {
        var a = MemoryMarshal.Cast<Complex, double>(current);
        var b = MemoryMarshal.Cast<Complex, double>(previous);
        var c = MemoryMarshal.Cast<Complex, double>(cross);
        var i = 0;
        if (Avx.IsSupported)
        {
            // For two bins at once: a·b = (ar·br, ai·bi, …); a·(−bi, br) = (−ar·bi, ai·br, …);
            // their horizontal sums are (ar·br + ai·bi, ai·br − ar·bi, …) = a·conj(b), interleaved.
            var signs = Vector256.Create(-1.0, 1.0, -1.0, 1.0);
            for (; i <= a.Length - 4; i += 4)
            {
                var va = Vector256.Create(a.Slice(i, 4));
                var vb = Vector256.Create(b.Slice(i, 4));
                var swapped = Avx.Permute(vb, 0b0101) * signs;
                var product = Avx.HorizontalAdd(va * vb, va * swapped);
                (Vector256.Create(c.Slice(i, 4)) + product).CopyTo(c.Slice(i, 4));
            }
        }

        for (; i < a.Length; i += 2)
        {
            c[i] += (a[i] * b[i]) + (a[i + 1] * b[i + 1]);
            c[i + 1] += (a[i + 1] * b[i]) - (a[i] * b[i + 1]);
        }
    }
}
