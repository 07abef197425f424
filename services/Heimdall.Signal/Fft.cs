namespace Heimdall.Signal;

/// <summary>
/// In-place iterative radix-2 forward FFT (decimation in time) of one fixed power-of-two size,
/// on separate real and imaginary arrays. Twiddles and the bit-reversal permutation are computed once.
/// Computes X[k] = Σ x[n]·e^(−j2πkn/N), unscaled.
/// </summary>
internal sealed class Fft
{
    private readonly double[] _twiddleRe;
    private readonly double[] _twiddleIm;
    private readonly int[] _bitReversed;

    /// <summary>Prepares a transform of <paramref name="size"/> points (a power of two, at least 2).</summary>
    public Fft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two of at least 2.");
        }

        Size = size;
        _twiddleRe = new double[size / 2];
        _twiddleIm = new double[size / 2];
        for (var k = 0; k < size / 2; k++)
        {
            var angle = -2.0 * Math.PI * k / size;
            _twiddleRe[k] = Math.Cos(angle);
            _twiddleIm[k] = Math.Sin(angle);
        }

        var bits = System.Numerics.BitOperations.Log2((uint)size);
        _bitReversed = new int[size];
        for (var i = 0; i < size; i++)
        {
            _bitReversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }
    }

    /// <summary>Number of points of the transform.</summary>
    public int Size { get; }

    /// <summary>Transforms <paramref name="re"/> + j·<paramref name="im"/> in place; both must hold exactly <see cref="Size"/> values.</summary>
    public void Forward(double[] re, double[] im)
    {
        ArgumentNullException.ThrowIfNull(re);
        ArgumentNullException.ThrowIfNull(im);
        var n = Size;
        if (re.Length != n || im.Length != n)
        {
            throw new ArgumentException($"Both buffers must hold exactly {n} values.", nameof(re));
        }

        for (var i = 0; i < n; i++)
        {
            var j = _bitReversed[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var half = 1; half < n; half <<= 1)
        {
            var stride = n / (2 * half);
            for (var start = 0; start < n; start += 2 * half)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _twiddleRe[k * stride];
                    var wi = _twiddleIm[k * stride];
                    var a = start + k;
                    var b = a + half;
                    var tr = (wr * re[b]) - (wi * im[b]);
                    var ti = (wr * im[b]) + (wi * re[b]);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
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
