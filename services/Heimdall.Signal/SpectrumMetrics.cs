namespace Heimdall.Signal;

/// <summary>Turns a Welch spectrum and the time-domain totals into the metrics (definitions in README.md).</summary>
internal static class SpectrumMetrics
{
    /// <summary>Measures the capture behind <paramref name="spectrum"/>.</summary>
    /// <param name="meanPower">mean |x|² over every sample, full-scale units.</param>
    /// <param name="clippingFraction">clipped samples ÷ all samples.</param>
    /// <param name="sampleCount">samples in the capture.</param>
    public static SignalMeasurement Measure(WelchSpectrum spectrum, double meanPower, double clippingFraction, long sampleCount)
    {
        var density = spectrum.Density;
        var region = SignalRegion.Find(density, spectrum.SegmentCount);
        var noise = region.NoiseDensity;
        double? snrDb = null, offsetHz = null, bandwidthHz = null;
        if (region.Detected)
        {
            var signal = 0.0;
            for (var k = 0; k < density.Length; k++)
            {
                signal += region.IsSignal(k) ? density[k] - noise : 0;
            }

            snrDb = Decibels.FromPower(signal * spectrum.BinWidthHz) - Decibels.FromPower(noise * spectrum.SampleRateHz);
            offsetHz = FrequencyEstimator.OffsetHz(spectrum, region.PeakBin);
            bandwidthHz = region.OccupiedBins * spectrum.BinWidthHz;
        }

        return new SignalMeasurement(
            SignalDetected: region.Detected,
            SnrDb: snrDb,
            FrequencyOffsetHz: offsetHz,
            PowerDbfs: Decibels.FromPower(meanPower),
            NoiseFloorDbfsPerHz: Decibels.FromPower(noise),
            PeakPsdDbfsPerHz: Decibels.FromPower(density[region.PeakBin]),
            OccupiedBandwidthHz: bandwidthHz,
            ClippingFraction: clippingFraction,
            SampleCount: sampleCount,
            SegmentLength: spectrum.Length,
            SegmentCount: spectrum.SegmentCount)
        {
            Uncertainty = IqUncertainty.Estimate(spectrum, region, density.Length, meanPower, sampleCount),
        };
    }
}
