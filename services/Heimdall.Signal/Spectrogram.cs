namespace Heimdall.Signal;

/// <summary>
/// A recording's averaged power spectrum and its waterfall (<see cref="SpectrogramBuilder"/>): densities in dBFS/Hz,
/// bins ascending from −fs/2 to fs/2 − Δf relative to the tuned frequency (fft-shifted, as <c>WelchSpectrum</c>).
/// </summary>
/// <param name="SampleRateHz">Complex sample rate fs.</param>
/// <param name="Bins">Bins per spectrum N (the segment length).</param>
/// <param name="SampleCount">Samples read.</param>
/// <param name="SegmentCount">Segments of N samples (50 % overlap, periodic Hann window) in the whole recording.</param>
/// <param name="DensityDbfsPerHz">The Welch average over every segment, N values.</param>
/// <param name="Rows">Waterfall rows, oldest first.</param>
/// <param name="RowDensitiesDbfsPerHz">Rows × N values, row-major: each row the Welch average of its consecutive segments.</param>
/// <param name="RowStartSeconds">When each row's first segment starts, seconds from the recording's first sample.</param>
/// <param name="RowSegments">How many segments each row averages.</param>
public sealed record Spectrogram(
    double SampleRateHz,
    int Bins,
    long SampleCount,
    int SegmentCount,
    double[] DensityDbfsPerHz,
    int Rows,
    double[] RowDensitiesDbfsPerHz,
    double[] RowStartSeconds,
    int[] RowSegments)
{
    /// <summary>Δf = fs / N.</summary>
    public double BinWidthHz => SampleRateHz / Bins;

    /// <summary>The first bin's frequency relative to the tuned one: −fs/2.</summary>
    public double FirstBinOffsetHz => -SampleRateHz / 2;

    /// <summary>Seconds the recording lasts (samples / fs).</summary>
    public double DurationSeconds => SampleCount / SampleRateHz;
}
