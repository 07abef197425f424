using System.Numerics;

namespace Heimdall.Signal;

/// <summary>Measures SNR, frequency offset, power, noise floor, peak PSD, occupied bandwidth and clipping of an I/Q capture (see README.md).</summary>
public static class SignalAnalyzer
{
    /// <summary>Fewest complex samples a capture must hold to be measured.</summary>
    public const int MinSampleCount = 16;

    /// <summary>Decodes raw I/Q bytes, counts clipped samples, and measures them.</summary>
    /// <param name="data">Raw interleaved I/Q bytes, a whole number of samples of <paramref name="format"/>.</param>
    /// <param name="format">Sample layout of <paramref name="data"/>.</param>
    /// <param name="sampleRateHz">Complex sample rate, in Hz (positive).</param>
    /// <exception cref="ArgumentException">Bad length, too few samples, or a non-positive sample rate.</exception>
    public static SignalMeasurement Measure(ReadOnlySpan<byte> data, SampleFormat format, double sampleRateHz, SpectrumOptions? options = null)
    {
        ValidateSampleRate(sampleRateHz);
        var samples = IqDecoder.Decode(data, format);
        return Measure(samples, sampleRateHz, ClippingCounter.Fraction(data, format));
    }

    /// <summary>Measures complex samples normalised to full scale (|x| = 1 is 0 dBFS).</summary>
    /// <param name="samples">At least <see cref="MinSampleCount"/> complex samples.</param>
    /// <param name="sampleRateHz">Complex sample rate, in Hz (positive).</param>
    /// <param name="clippingFraction">Clipped fraction (0…1) already counted on the raw data; reported as is.</param>
    /// <exception cref="ArgumentException">Too few samples, a non-positive sample rate, or a fraction outside 0…1.</exception>
    public static SignalMeasurement Measure(ReadOnlySpan<Complex> samples, double sampleRateHz, double clippingFraction)
    {
        ValidateSampleRate(sampleRateHz);
        if (samples.Length < MinSampleCount)
        {
            throw new ArgumentException(
                $"At least {MinSampleCount} samples are needed to measure a signal; got {samples.Length}.", nameof(samples));
        }

        if (!(clippingFraction >= 0 && clippingFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(clippingFraction), clippingFraction, "Clipping fraction must be within 0…1.");
        }

        var totalPower = MeanPower(samples);
        var spectrum = WelchEstimator.Estimate(samples, sampleRateHz);
        var density = spectrum.Density;
        var region = SignalRegion.Find(density);
        var noiseDensity = NoiseDensity(density, region);
        var noisePower = noiseDensity * sampleRateHz;
        var signalPower = Math.Max(totalPower - noisePower, Decibels.TinyPower);
        var peakBin = PeakInterpolation.Refine(density, region.PeakBin);
        var occupiedBins = region.LastOccupiedBin - region.FirstOccupiedBin + 1;

        return new SignalMeasurement(
            SignalDetected: true,
            SnrDb: Decibels.FromPower(signalPower) - Decibels.FromPower(noisePower),
            FrequencyOffsetHz: spectrum.FrequencyOfBin(peakBin),
            PowerDbfs: Decibels.FromPower(totalPower),
            NoiseFloorDbfsPerHz: Decibels.FromPower(noiseDensity),
            PeakPsdDbfsPerHz: Decibels.FromPower(density[region.PeakBin]),
            OccupiedBandwidthHz: Math.Max(1, occupiedBins) * spectrum.BinWidthHz,
            ClippingFraction: clippingFraction,
            SampleCount: samples.Length,
            SegmentLength: density.Length,
            SegmentCount: 1);
    }

    /// <summary>Reads <paramref name="data"/> to its end in blocks and measures it (see <see cref="Measure(ReadOnlySpan{byte}, SampleFormat, double, SpectrumOptions?)"/>).</summary>
    public static async Task<SignalMeasurement> MeasureAsync(
        Stream data, SampleFormat format, double sampleRateHz, SpectrumOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var copy = new MemoryStream();
        await data.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return Measure(copy.ToArray(), format, sampleRateHz, options);
    }

    private static void ValidateSampleRate(double sampleRateHz)
    {
        if (!(sampleRateHz > 0) || double.IsInfinity(sampleRateHz))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "Sample rate must be a positive number of hertz.");
        }
    }

    private static double MeanPower(ReadOnlySpan<Complex> samples)
    {
        var sum = 0.0;
        foreach (var x in samples)
        {
            sum += (x.Real * x.Real) + (x.Imaginary * x.Imaginary);
        }

        return sum / samples.Length;
    }

    /// <summary>Mean PSD of the bins outside the signal region; the median if the region covers every bin.</summary>
    private static double NoiseDensity(double[] density, SignalRegion region)
    {
        var sum = 0.0;
        var count = 0;
        for (var k = 0; k < density.Length; k++)
        {
            if (!region.IsSignal(k))
            {
                sum += density[k];
                count++;
            }
        }

        return count > 0 ? sum / count : region.InitialNoiseDensity;
    }
}
