namespace Heimdall.Signal;

/// <summary>
/// A two-sided power spectral density, fft-shifted: bin i is centred on (i − N/2)·<see cref="BinWidthHz"/> Hz
/// relative to the tuned frequency, so bins run from −fs/2 up to fs/2 − Δf.
/// </summary>
/// <param name="Density">Power spectral density per bin, in full-scale power per Hz (linear, not dB).</param>
/// <param name="BinWidthHz">Bin spacing Δf = fs / N, in Hz.</param>
internal sealed record PowerSpectrum(double[] Density, double BinWidthHz)
{
    /// <summary>Frequency of a (possibly fractional) bin index relative to the tuned frequency, in Hz.</summary>
    public double FrequencyOfBin(double index) => (index - (Density.Length / 2)) * BinWidthHz;
}
