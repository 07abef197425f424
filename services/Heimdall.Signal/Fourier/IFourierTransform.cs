using System.Numerics;

namespace Heimdall.Signal.Fourier;

/// <summary>
/// A forward discrete Fourier transform of one fixed size, computed in place on its own buffer:
/// X[k] = Σ x[n]·e^(−j2πkn/N), unscaled. An instance is used by one thread at a time.
/// </summary>
internal interface IFourierTransform
{
    /// <summary>Number of points N.</summary>
    int Size { get; }

    /// <summary>The N complex values the transform reads and overwrites.</summary>
    Span<Complex> Buffer { get; }

    /// <summary>Replaces <see cref="Buffer"/> by its transform.</summary>
    void Forward();
}
