using System.Numerics;
using System.Runtime.CompilerServices;

namespace Heimdall.Signal.Fourier;

/// <summary>
/// Iterative radix-2 decimation-in-time FFT in managed code, for power-of-two sizes. The bit-reversal permutation and
/// the twiddle factors of every stage are computed once, stage by stage, so each butterfly loop reads them in order.
/// </summary>
internal sealed class ManagedFourierTransform : IFourierTransform
{
    private readonly Complex[] _buffer;
    private readonly Complex[] _twiddles;
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

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
