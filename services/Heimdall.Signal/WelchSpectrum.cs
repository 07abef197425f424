using System.Numerics;

namespace Heimdall.Signal;

/// <summary>
/// A Welch power spectral density, fft-shifted so that bin i is centred on (i − N/2)·fs/N Hz relative to the tuned
/// frequency (ascending from −fs/2 to fs/2 − Δf), with the summed cross-spectrum of consecutive segments per bin.
/// </summary>
/// <param name="Density">Power spectral density per bin, full-scale power per Hz (linear).</param>
/// <param name="CrossSpectrum">Σ X_s·conj(X_{s−1}) per bin; its phase is 2π·f·(N/2)/fs for a component at f.</param>
/// <param name="SampleRateHz">Complex sample rate fs.</param>
/// <param name="SegmentCount">Segments averaged.</param>
internal sealed record WelchSpectrum(double[] Density, Complex[] CrossSpectrum, double SampleRateHz, int SegmentCount)
{
    /// <summary>Number of bins N.</summary>
    public int Length => Density.Length;

    /// <summary>Bin spacing Δf = fs / N, in Hz.</summary>
    public double BinWidthHz => SampleRateHz / Density.Length;

    /// <summary>Frequency of a (possibly fractional) bin index relative to the tuned frequency, in Hz.</summary>
    public double FrequencyOfBin(double index) => (index - (Density.Length / 2)) * BinWidthHz;
}
