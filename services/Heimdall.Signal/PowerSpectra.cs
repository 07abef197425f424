namespace Heimdall.Signal;

/// <summary>
/// Welch power spectra of a capture cut into consecutive groups, for callers that measure a band of their own choice
/// (a receiver's passband, a demodulator's audio): the same Welch estimate as the analyzer (periodic Hann, 50 % overlap,
/// density scaling, fft-shifted), once per group, so that the scatter between groups gives the measurement's uncertainty.
/// </summary>
public static class PowerSpectra
{
    /// <summary>
    /// Splits the samples into <paramref name="groups"/> equal consecutive parts and estimates each one's spectrum with
    /// segments of <paramref name="segmentLength"/> samples.
    /// </summary>
    /// <exception cref="IqDataException">A part holds less than one segment, or the data is not whole samples.</exception>
    public static PowerSpectrumEstimate Welch(ReadOnlySpan<byte> data, SampleFormat format, double sampleRateHz, int segmentLength, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var bytesPerSample = format.BytesPerSample();
        if (data.Length % bytesPerSample != 0)
        {
            throw new IqDataException($"The data is {data.Length} bytes, not a whole number of {format.ToSigMf()} samples.");
        }

        var samples = data.Length / bytesPerSample;
        var perGroup = samples / groups;
        if (perGroup < segmentLength)
        {
            throw new IqDataException($"{samples} samples in {groups} groups leave {perGroup} a group, less than one segment of {segmentLength}.");
        }

        var densities = new double[groups][];
        var segments = 0;
        for (var g = 0; g < groups; g++)
        {
            var welch = new WelchAccumulator(segmentLength, removeMean: false);
            welch.Append(IqDecoder.Decode(data.Slice(g * perGroup * bytesPerSample, perGroup * bytesPerSample), format));
            var spectrum = welch.ToSpectrum(sampleRateHz);
            densities[g] = spectrum.Density;
            segments = spectrum.SegmentCount;
        }

        return new PowerSpectrumEstimate(densities, sampleRateHz, segments, DetectionThreshold.DegreesOfFreedom(segments));
    }
}

/// <summary>
/// Per group, the two-sided density (full-scale power per Hz), fft-shifted: bin i is centred on (i − N/2)·fs/N Hz.
/// A real signal's density is mirrored about 0 Hz: its one-sided density at f &gt; 0 is twice bin f.
/// </summary>
/// <param name="DegreesOfFreedom">Equivalent χ² degrees of freedom of one group's bin (Welch, Hann, 50 % overlap).</param>
public sealed record PowerSpectrumEstimate(double[][] GroupDensities, double SampleRateHz, int SegmentsPerGroup, double DegreesOfFreedom)
{
    public int Length => GroupDensities[0].Length;
    public double BinWidthHz => SampleRateHz / Length;

    /// <summary>The frequency of a (fractional) bin, Hz.</summary>
    public double FrequencyOfBin(double bin) => (bin - (Length / 2)) * BinWidthHz;
}
