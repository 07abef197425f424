namespace Heimdall.Signal;

/// <summary>
/// The standard uncertainties of an IQ measurement, from the χ² statistics of its Welch spectrum (ν equivalent degrees of
/// freedom per bin; the powers of Hann bins correlated with their neighbours', so that a sum over many bins varies
/// <see cref="HannBinCorrelation"/> times as much as if they were independent):
/// <list type="bullet">
/// <item>SNR: the signal bins' excess varies by (2/ν)·(N² + 2·N·Sₖ) each, the noise estimate by 2/(ν·M) over its M bins,
/// both times the bins' correlation, and the noise is subtracted from each signal bin too;</item>
/// <item>offset: the cross-spectrum estimator's error, measured over 100 simulated captures per case (1 s and 10 s at
/// 12 kHz, 0 to 50 dB, no bias above 1e-8 Hz), falls as k/(T·√ρ) with T the capture's duration, ρ = S/(N₀·fs) the
/// per-sample SNR and k between 0.0078 and 0.0089: stated with k = 0.01;</item>
/// <item>power: the mean of |x|² over n samples varies by (Pₙ² + 2·S·Pₙ)/n', n' = n·(in-band bins / all bins) the
/// independent ones among them (the noise is white only inside the band the receiver passed).</item>
/// </list>
/// </summary>
internal static class IqUncertainty
{
    /// <summary>
    /// 1 + 2·Σⱼ|rⱼ|²: the complex correlation of adjacent Hann bins is r₁ = −2/3 and of the next r₂ = 1/6 (the Fourier
    /// coefficients of w² over its mean), so a sum of bin powers varies 1 + 2·(4/9 + 1/36) = 1.94 times as much.
    /// </summary>
    public const double HannBinCorrelation = 1 + (2 * ((4.0 / 9) + (1.0 / 36)));

    /// <summary>k of the offset's σ = k/(T·√ρ): measured 0.0078–0.0089 (see the summary), stated a little above.</summary>
    private const double OffsetConstant = 0.01;

    public static SignalUncertainty Estimate(WelchSpectrum spectrum, SignalRegion region, int inBandBins, double meanPower, long sampleCount)
    {
        var density = spectrum.Density;
        var noise = region.NoiseDensity;
        var dof = DetectionThreshold.DegreesOfFreedom(spectrum.SegmentCount);
        var signalBins = 0;
        var excess = 0.0;
        var excessVariance = 0.0;
        for (var k = 0; k < density.Length; k++)
        {
            if (region.IsSignal(k))
            {
                signalBins++;
                excess += density[k] - noise;
                excessVariance += 2 / dof * ((noise * noise) + (2 * noise * Math.Max(0, density[k] - noise)));
            }
        }

        var noiseBins = Math.Max(1, inBandBins - signalBins);
        var noiseRelativeVariance = HannBinCorrelation * 2 / dof / noiseBins;
        var signalPower = Math.Max(0, excess * spectrum.BinWidthHz);
        var noisePower = Math.Max(meanPower - signalPower, meanPower * 1e-6);
        var independent = Math.Max(1, sampleCount * (double)inBandBins / density.Length);
        var powerSigma = ToDb(Math.Sqrt(((noisePower * noisePower) + (2 * signalPower * noisePower)) / independent) / meanPower);
        if (!region.Detected || !(excess > 0))
        {
            return new SignalUncertainty(null, null, powerSigma);
        }

        var excessRelativeVariance = (HannBinCorrelation * excessVariance / (excess * excess)) + (noiseRelativeVariance * Math.Pow(signalBins * noise / excess, 2));
        var perSampleSnr = excess / (noise * density.Length);
        var duration = sampleCount / spectrum.SampleRateHz;
        return new SignalUncertainty(
            ToDb(Math.Sqrt(excessRelativeVariance + noiseRelativeVariance)),
            Math.Max(OffsetConstant / (duration * Math.Sqrt(perSampleSnr)), 1e-6 * spectrum.BinWidthHz),
            powerSigma);
    }

    /// <summary>A small relative standard deviation in dB: 10·log10(e)·σ.</summary>
    private static double ToDb(double relative) => 10 / Math.Log(10) * relative;
}
