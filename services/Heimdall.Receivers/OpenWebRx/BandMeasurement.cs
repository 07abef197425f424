using Heimdall.Signal;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// A signal measured in a band of a power spectrum that comes in groups (a server's FFT lines; the Welch spectra of
/// consecutive parts of an audio capture). The groups are averaged as linear power; the noise is estimated from a region
/// of bins around the band, with the IQ analyzer's constant-false-alarm detection (the median corrected to a mean for
/// the bins' χ² law, a bin above the 10⁻³ false-alarm threshold is signal, with <see cref="GuardBins"/> on each side);
/// the SNR is the excess of the signal bins in the band over the noise in a reference bandwidth. The uncertainties come
/// from the scatter between the groups (over √groups), never less than the χ² law of the bins gives, and from the noise
/// estimate's own error.
/// </summary>
public static class BandMeasurement
{
    /// <summary>Bins on each side of a bin above the threshold that belong to the signal (a Hann or Hamming main lobe is ±2).</summary>
    public const int GuardBins = 3;

    /// <summary>
    /// 1 + 2·Σⱼ|rⱼ|² of csdr's Hamming window: its w² has Fourier coefficients over its mean of r₁ = −0.625 and r₂ = 0.133,
    /// so a sum of bin powers varies 1 + 2·(0.391 + 0.018) = 1.82 times as much as of independent bins.
    /// </summary>
    public const double HammingBinCorrelation = 1.817;

    /// <summary>The same for the periodic Hann window of Heimdall's Welch spectra: r₁ = −2/3, r₂ = 1/6.</summary>
    public const double HannBinCorrelation = 1 + (2 * ((4.0 / 9) + (1.0 / 36)));

    /// <param name="groups">Per group, the power of every bin (any linear scale).</param>
    /// <param name="band">The bins the signal is looked for in (inclusive).</param>
    /// <param name="noise">The bins the noise is estimated from (inclusive), the band among them.</param>
    /// <param name="referenceBins">The bandwidth the SNR is referred to, in bins.</param>
    /// <param name="degreesOfFreedom">χ² degrees of freedom of one group's bin; null: estimated from the groups' scatter.</param>
    /// <param name="binCorrelation">How much more a sum of many bin powers varies than if they were independent: 1 + 2·Σⱼ|rⱼ|²
    /// of the window (<see cref="HammingBinCorrelation"/>, <see cref="HannBinCorrelation"/>).</param>
    public static BandResult Measure(double[][] groups, (int From, int To) band, (int From, int To) noise, double referenceBins, double? degreesOfFreedom, double binCorrelation)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var n = groups[0].Length;
        var mean = new double[n];
        foreach (var group in groups)
        {
            for (var k = 0; k < n; k++)
            {
                mean[k] += group[k] / groups.Length;
            }
        }

        var region = Enumerable.Range(noise.From, noise.To - noise.From + 1).ToArray();
        var perGroup = degreesOfFreedom ?? (2 * EstimatedAveraging(groups, region, mean));
        var dof = perGroup * groups.Length;
        var noiseGuess = DetectionThreshold.MeanFromMedian(Median(region.Select(k => mean[k])), dof);
        var threshold = noiseGuess * DetectionThreshold.FactorOverMean(dof, region.Length);
        var isSignal = new bool[n];
        foreach (var k in region.Where(k => mean[k] > threshold))
        {
            for (var j = Math.Max(0, k - GuardBins); j <= Math.Min(n - 1, k + GuardBins); j++)
            {
                isSignal[j] = true;
            }
        }

        var noiseBins = region.Where(k => !isSignal[k]).ToArray();
        var noiseLevel = noiseBins.Length > 0 ? noiseBins.Average(k => mean[k]) : noiseGuess;

        // The noise estimate's relative variance: a mean over M bins of χ²(dof)/dof values, the bins correlated.
        var noiseRelativeVariance = binCorrelation * 2 / dof / Math.Max(1, noiseBins.Length);
        var bandBins = Enumerable.Range(band.From, band.To - band.From + 1).ToArray();
        var bandPerGroup = groups.Select(g => bandBins.Sum(k => g[k])).ToArray();
        var bandSum = bandBins.Sum(k => mean[k]);
        var bandSigma = Math.Max(Math.Sqrt(Variance(bandPerGroup) / groups.Length), Math.Sqrt(binCorrelation * ChiSquareVariance(bandBins, mean, noiseLevel, dof))) / bandSum;
        var peak = bandBins.MaxBy(k => mean[k]);
        var noiseSigma = Math.Sqrt(noiseRelativeVariance);
        if (!(mean[peak] > threshold))
        {
            return new BandResult(false, null, null, null, noiseLevel, mean[peak], bandSum, null, null, bandSigma, 0, null, noiseSigma, referenceBins);
        }

        var signalBins = bandBins.Where(k => isSignal[k]).ToArray();
        var excess = signalBins.Sum(k => mean[k] - noiseLevel);
        var excessPerGroup = groups.Select(g => signalBins.Sum(k => g[k] - noiseLevel)).ToArray();
        var excessRelativeVariance = (Math.Max(Variance(excessPerGroup) / groups.Length, binCorrelation * ChiSquareVariance(signalBins, mean, noiseLevel, dof)) / (excess * excess))
            + (noiseRelativeVariance * Math.Pow(signalBins.Length * noiseLevel / excess, 2));
        var peaks = groups.Select(g => peak + Interpolate(g, peak)).ToArray();
        return new BandResult(
            Detected: true,
            SnrDb: Decibels.FromPower(excess / (noiseLevel * referenceBins)),
            PeakBin: peak + Interpolate(mean, peak),
            OccupiedBins: Occupied(signalBins.Select(k => Math.Max(0, mean[k] - noiseLevel)).ToArray()),
            NoisePerBin: noiseLevel,
            PeakPerBin: mean[peak],
            BandSum: bandSum,
            SnrSigmaDb: 10 / Math.Log(10) * Math.Sqrt(excessRelativeVariance + noiseRelativeVariance),
            PeakSigmaBins: Math.Sqrt(Variance(peaks) / groups.Length),
            BandSumRelativeSigma: bandSigma,
            Excess: excess,
            ExcessRelativeSigma: Math.Sqrt(excessRelativeVariance),
            NoiseRelativeSigma: noiseSigma,
            ReferenceBins: referenceBins);
    }

    /// <summary>
    /// The variance of a sum of averaged bins by the χ² law: a bin holding noise N and a steady component S above it
    /// varies by (2/dof)·(N² + 2·N·S). With few groups the groups' own scatter is a poor estimate of the uncertainty, so
    /// the larger of the two is used.
    /// </summary>
    private static double ChiSquareVariance(int[] bins, double[] mean, double noise, double dof) =>
        bins.Sum(k => 2 / dof * ((noise * noise) + (2 * noise * Math.Max(0, mean[k] - noise))));

    /// <summary>
    /// How many values each group's bin averages, from the noise bins' scatter across groups (var/mean² = 1/a for an
    /// average of a exponential values); 1 with a single group.
    /// </summary>
    private static double EstimatedAveraging(double[][] groups, int[] region, double[] mean)
    {
        if (groups.Length < 2)
        {
            return 1;
        }

        var ratios = region.Select(k => Variance(groups.Select(g => g[k]).ToArray()) / (mean[k] * mean[k])).Where(r => r > 0).ToArray();
        return ratios.Length == 0 ? 1 : Math.Max(1, 1 / Median(ratios));
    }

    /// <summary>Sub-bin position of the peak from the logs of it and its neighbours (a parabola), within ±0.5.</summary>
    private static double Interpolate(double[] power, int peak)
    {
        if (peak <= 0 || peak >= power.Length - 1 || !(power[peak - 1] > 0 && power[peak] > 0 && power[peak + 1] > 0))
        {
            return 0;
        }

        double a = Math.Log(power[peak - 1]), b = Math.Log(power[peak]), c = Math.Log(power[peak + 1]);
        var curvature = a - (2 * b) + c;
        return curvature < 0 ? Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5) : 0;
    }

    /// <summary>Width in bins holding 99 % of the excess, from the 0.5 % to the 99.5 % point, interpolated in the bins.</summary>
    private static double Occupied(double[] excess)
    {
        var total = excess.Sum();
        return total > 0 ? Crossing(excess, 0.995 * total) - Crossing(excess, 0.005 * total) : 0;
    }

    private static double Crossing(double[] excess, double target)
    {
        var cumulative = 0.0;
        for (var j = 0; j < excess.Length; j++)
        {
            if (excess[j] > 0 && cumulative + excess[j] >= target)
            {
                return j + ((target - cumulative) / excess[j]);
            }

            cumulative += excess[j];
        }

        return excess.Length;
    }

    private static double Variance(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var average = values.Average();
        return values.Sum(v => (v - average) * (v - average)) / (values.Length - 1);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}

/// <summary>What <see cref="BandMeasurement"/> found, in bins and in the spectrum's own linear scale.</summary>
/// <param name="PeakBin">The strongest bin of the band, refined below a bin; null without a signal.</param>
/// <param name="BandSum">Σ of the mean power over the band's bins.</param>
/// <param name="PeakSigmaBins">The scatter of the per-group peaks over √groups, bins (without the resolution's own share).</param>
/// <param name="BandSumRelativeSigma">The scatter of the per-group band sums over √groups, relative.</param>
/// <param name="Excess">Σ over the signal bins in the band of (power − noise): the signal, in the spectrum's scale.</param>
public sealed record BandResult(
    bool Detected,
    double? SnrDb,
    double? PeakBin,
    double? OccupiedBins,
    double NoisePerBin,
    double PeakPerBin,
    double BandSum,
    double? SnrSigmaDb,
    double? PeakSigmaBins,
    double BandSumRelativeSigma,
    double Excess,
    double? ExcessRelativeSigma,
    double NoiseRelativeSigma,
    double ReferenceBins)
{
    /// <summary>
    /// The result with <paramref name="known"/> taken out of the noise per bin (noise of a known source, such as a codec's,
    /// known to a relative <paramref name="knownRelativeSigma"/>): the SNR and its uncertainty again.
    /// </summary>
    public BandResult WithoutNoise(double known, double knownRelativeSigma)
    {
        var noise = NoisePerBin - known;
        if (!(noise > 0))
        {
            throw new IqDataException($"The noise seen ({NoisePerBin:G4} a bin) is no more than the codec's own ({known:G4}): the signal's own noise cannot be told from it.");
        }

        var noiseSigma = Math.Sqrt(Math.Pow(NoiseRelativeSigma * NoisePerBin, 2) + Math.Pow(knownRelativeSigma * known, 2)) / noise;
        return this with
        {
            NoisePerBin = noise,
            NoiseRelativeSigma = noiseSigma,
            SnrDb = Detected ? Decibels.FromPower(Excess / (noise * ReferenceBins)) : null,
            SnrSigmaDb = ExcessRelativeSigma is { } excess ? 10 / Math.Log(10) * Math.Sqrt((excess * excess) + (noiseSigma * noiseSigma)) : null,
        };
    }
}
