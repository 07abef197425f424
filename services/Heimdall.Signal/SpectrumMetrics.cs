namespace Heimdall.Signal;

/// <summary>Turns a Welch spectrum and the time-domain totals into the metrics (definitions in README.md).</summary>
internal static class SpectrumMetrics
{
    /// <summary>Measures the capture behind <paramref name="spectrum"/>, inside <paramref name="passband"/> (null: the whole band).</summary>
    /// <param name="meanPower">mean |x|² over every sample, full-scale units.</param>
    /// <param name="clippingFraction">clipped samples ÷ all samples.</param>
    /// <param name="sampleCount">samples in the capture.</param>
    public static SignalMeasurement Measure(WelchSpectrum spectrum, Passband? passband, double meanPower, double clippingFraction, long sampleCount)
    {
        var density = spectrum.Density;
        var region = SignalRegion.Find(density, spectrum.SegmentCount, SignalRegion.InBand(spectrum.Length, spectrum.SampleRateHz, passband));
        var noise = region.NoiseDensity;
        double? snrDb = null, offsetHz = null, bandwidthHz = null;
        if (region.Detected)
        {
            var signal = 0.0;
            for (var k = 0; k < density.Length; k++)
            {
                signal += region.IsSignal(k) ? density[k] - noise : 0;
            }

            // The noise in the band the receiver passed: its bins, each Δf wide (the whole band: N·Δf = fs).
            snrDb = Decibels.FromPower(signal * spectrum.BinWidthHz) - Decibels.FromPower(noise * region.InBandCount * spectrum.BinWidthHz);
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
