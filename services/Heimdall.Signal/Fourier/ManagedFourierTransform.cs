using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Heimdall.Signal.Fourier;

/// <summary>
/// Iterative radix-2 decimation-in-time FFT in managed code, for power-of-two sizes. The bit-reversal permutation and
/// the twiddle factors of every stage are computed once, stage by stage, so each butterfly loop reads them in order.
/// With AVX, two butterflies run at once on interleaved (re, im) doubles.
/// </summary>
internal sealed class ManagedFourierTransform : IFourierTransform
{
    private readonly Complex[] _buffer;
    private readonly Complex[] _twiddles;
    private readonly double[] _twiddleReals;
    private readonly double[] _twiddleImaginaries;
    private readonly int[] _swaps;

    /// <summary>Prepares a transform of <paramref name="size"/> points, a power of two of at least 2.</summary>
    public ManagedFourierTransform(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The managed FFT needs a power of two of at least 2.");
        }

        Size = size;
        _buffer = new Complex[size];

        // Stage with half-length h uses w^k = e^(−jπk/h), k < h; stages are stored one after another (h = 1, 2, 4 …).
        _twiddles = new Complex[size - 1];
        for (int half = 1, start = 0; half < size; start += half, half <<= 1)
        {
            for (var k = 0; k < half; k++)
            {
                _twiddles[start + k] = Complex.FromPolarCoordinates(1, -Math.PI * k / half);
            }
        }

        // Each twiddle's real and imaginary part twice, lined up with an interleaved (re, im) pair, for the AVX butterflies.
        _twiddleReals = new double[2 * _twiddles.Length];
        _twiddleImaginaries = new double[2 * _twiddles.Length];
        for (var i = 0; i < _twiddles.Length; i++)
        {
            _twiddleReals[2 * i] = _twiddleReals[(2 * i) + 1] = _twiddles[i].Real;
            _twiddleImaginaries[2 * i] = _twiddleImaginaries[(2 * i) + 1] = _twiddles[i].Imaginary;
        }

        var bits = BitOperations.Log2((uint)size);
        var swaps = new List<int>();
        for (var i = 0; i < size; i++)
        {
            var j = (int)(ReverseBits((uint)i) >> (32 - bits));
            if (j > i)
            {
                swaps.Add(i);
                swaps.Add(j);
            }
        }

        _swaps = [.. swaps];
    }

    /// <inheritdoc />
    public int Size { get; }

    /// <inheritdoc />
    public Span<Complex> Buffer => _buffer;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward()
    {
        var x = _buffer.AsSpan();
        for (var s = 0; s < _swaps.Length; s += 2)
        {
            (x[_swaps[s]], x[_swaps[s + 1]]) = (x[_swaps[s + 1]], x[_swaps[s]]);
        }

        // First stage: twiddle 1.
        for (var a = 0; a < x.Length; a += 2)
        {
            var t = x[a + 1];
            x[a + 1] = x[a] - t;
            x[a] += t;
        }

        for (int half = 2, start = 1; half < x.Length; start += half, half <<= 1)
        {
            if (Avx.IsSupported)
            {
                StageAvx(MemoryMarshal.Cast<Complex, double>(x), half, start);
                continue;
            }

            var twiddles = _twiddles.AsSpan(start, half);
            for (var block = 0; block < x.Length; block += 2 * half)
            {
                var lower = x.Slice(block, half);
                var upper = x.Slice(block + half, half);
                for (var k = 0; k < half; k++)
                {
                    var t = twiddles[k] * upper[k];
                    upper[k] = lower[k] - t;
                    lower[k] += t;
                }
            }
        }
    }

    /// <summary>
    /// One stage of butterflies, two at a time: t = w·u as (wr·ur − wi·ui, wr·ui + wi·ur) with one multiply of u and one
    /// of u with re and im swapped, combined by AddSubtract; then (l, u) ← (l + t, l − t).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StageAvx(Span<double> x, int half, int start)
    {
        var reals = _twiddleReals.AsSpan(2 * start, 2 * half);
        var imaginaries = _twiddleImaginaries.AsSpan(2 * start, 2 * half);
        for (var block = 0; block < x.Length; block += 4 * half)
        {
            var lower = x.Slice(block, 2 * half);
            var upper = x.Slice(block + (2 * half), 2 * half);
            for (var i = 0; i < lower.Length; i += 4)
            {
                var u = Vector256.Create(upper.Slice(i, 4));
                var l = Vector256.Create(lower.Slice(i, 4));
                var t = Avx.AddSubtract(
                    Vector256.Create(reals.Slice(i, 4)) * u,
                    Vector256.Create(imaginaries.Slice(i, 4)) * Avx.Permute(u, 0b0101));
                (l - t).CopyTo(upper.Slice(i, 4));
                (l + t).CopyTo(lower.Slice(i, 4));
            }
        }
    }

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
