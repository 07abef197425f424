namespace Heimdall.Signal;

/// <summary>
/// Which bins of a spectrum belong to the signal (and so never count as noise), found by <see cref="DetectionThreshold"/>.
/// Every bin above the threshold is signal, with <see cref="GuardBins"/> on each side (the Hann main lobe is ±2 bins);
/// so is the 99 % occupied band with the same guard. Bins wrap around: a signal at +fs/2 continues at −fs/2. Only the
/// bins inside the passband count (<see cref="InBand"/>): the noise estimate, the threshold, the peak and the signal
/// never look at the part of the band the receiver's filter left empty.
/// </summary>
internal sealed class SignalRegion
{
    /// <summary>Bins added on each side of signal bins: twice the Hann main-lobe half width.</summary>
    public const int GuardBins = 4;

    private const double LowerFraction = 0.005;
    private const double UpperFraction = 0.995;

    private readonly bool[] _isSignal;
    private readonly bool[] _inBand;

    private SignalRegion(int peakBin, bool detected, double occupiedBins, double noiseDensity, bool[] isSignal, bool[] inBand)
    {
        PeakBin = peakBin;
        Detected = detected;
        OccupiedBins = occupiedBins;
        NoiseDensity = noiseDensity;
        _isSignal = isSignal;
        _inBand = inBand;
        InBandCount = inBand.Count(b => b);
    }

    /// <summary>Index of the highest bin of the passband.</summary>
    public int PeakBin { get; }

    /// <summary>True if the highest bin exceeds the detection threshold.</summary>
    public bool Detected { get; }

    /// <summary>Width, in (fractional) bins, of the band from 0.5 % to 99.5 % of the power above the noise; 0 if nothing was detected.</summary>
    public double OccupiedBins { get; }

    /// <summary>Mean density of the passband's bins outside the region (all of the passband's bins when nothing was detected).</summary>
    public double NoiseDensity { get; }

    /// <summary>Bins inside the passband: the noise bandwidth is this many bins.</summary>
    public int InBandCount { get; }

    /// <summary>True if bin <paramref name="index"/> is part of the signal (and inside the passband).</summary>
    public bool IsSignal(int index) => _isSignal[index] && _inBand[index];

    /// <summary>
    /// Finds the region of a spectrum averaged over <paramref name="segments"/> segments, looking only at the bins for which
    /// <paramref name="inBand"/> is true (at least one).
    /// </summary>
    public static SignalRegion Find(double[] density, int segments, bool[] inBand)
    {
        var n = density.Length;
        var peak = Array.IndexOf(inBand, true);
        for (var k = peak + 1; k < n; k++)
        {
            if (inBand[k] && density[k] > density[peak])
            {
                peak = k;
            }
        }

        var passed = new double[inBand.Count(b => b)];
        for (int k = 0, i = 0; k < n; k++)
        {
            if (inBand[k])
            {
                passed[i++] = density[k];
            }
        }

        var dof = DetectionThreshold.DegreesOfFreedom(segments);
        var noise = DetectionThreshold.MeanFromMedian(Median(passed), dof);
        var threshold = noise * DetectionThreshold.FactorOverMean(dof, passed.Length);
        var isSignal = new bool[n];
        if (!(density[peak] > threshold))
        {
            return new SignalRegion(peak, detected: false, occupiedBins: 0, Mean(density, isSignal, inBand, noise), isSignal, inBand);
        }

        for (var k = 0; k < n; k++)
        {
            if (inBand[k] && density[k] > threshold)
            {
                Mark(isSignal, k - GuardBins, k + GuardBins);
            }
        }

        // Accumulate the excess from the bin opposite the peak, so a signal straddling ±fs/2 stays in one piece.
        var start = peak + (n / 2);
        var total = 0.0;
        for (var k = 0; k < n; k++)
        {
            total += inBand[k] ? Excess(density[k], noise, threshold) : 0;
        }

        double lower = double.NaN, upper = double.NaN, cumulative = 0;
        for (var j = 0; j < n && double.IsNaN(upper); j++)
        {
            var k = (start + j) % n;
            var excess = inBand[k] ? Excess(density[k], noise, threshold) : 0;
            lower = double.IsNaN(lower) ? Crossing(LowerFraction * total, cumulative, excess, j) : lower;
            upper = Crossing(UpperFraction * total, cumulative, excess, j);
            cumulative += excess;
        }

        Mark(isSignal, start + (int)Math.Floor(lower) - GuardBins, start + (int)Math.Floor(upper) + GuardBins);
        return new SignalRegion(peak, detected: true, occupiedBins: upper - lower, Mean(density, isSignal, inBand, noise), isSignal, inBand);
    }

    /// <summary>
    /// The bins of a spectrum of <paramref name="length"/> bins at <paramref name="sampleRateHz"/> (fft-shifted: bin i at
    /// (i − N/2)·fs/N Hz) whose centre lies inside <paramref name="passband"/>; every bin without one. A passband narrower
    /// than a bin that holds no bin centre gets the bin nearest its middle.
    /// </summary>
    public static bool[] InBand(int length, double sampleRateHz, Passband? passband)
    {
        var inBand = new bool[length];
        if (passband is not { } band)
        {
            Array.Fill(inBand, true);
            return inBand;
        }

        var binWidth = sampleRateHz / length;
        var any = false;
        for (var k = 0; k < length; k++)
        {
            var frequency = (k - (length / 2)) * binWidth;
            inBand[k] = frequency >= band.LowHz && frequency <= band.HighHz;
            any |= inBand[k];
        }

        if (!any)
        {
            inBand[Math.Clamp((int)Math.Round(((band.LowHz + band.HighHz) / 2 / binWidth) + (length / 2)), 0, length - 1)] = true;
        }

        return inBand;
    }

    /// <summary>Position (in bins) where the cumulative excess reaches <paramref name="target"/> within bin <paramref name="j"/>, by linear interpolation; NaN if not reached.</summary>
    private static double Crossing(double target, double before, double excess, int j) =>
        excess > 0 && before + excess >= target ? j + ((target - before) / excess) : double.NaN;

    private static double Excess(double density, double noise, double threshold) => density > threshold ? density - noise : 0;

    /// <summary>Marks bins <paramref name="from"/>…<paramref name="to"/>, wrapping around the band.</summary>
    private static void Mark(bool[] isSignal, int from, int to)
    {
        var n = isSignal.Length;
        for (var k = from; k <= to && k < from + n; k++)
        {
            isSignal[((k % n) + n) % n] = true;
        }
    }

    private static double Mean(double[] density, bool[] isSignal, bool[] inBand, double fallback)
    {
        var sum = 0.0;
        var count = 0;
        for (var k = 0; k < density.Length; k++)
        {
            if (inBand[k] && !isSignal[k])
            {
                sum += density[k];
                count++;
            }
        }

        return count > 0 ? sum / count : fallback;
    }

    /// <summary>The median of <paramref name="values"/>, which it sorts.</summary>
    private static double Median(double[] values)
    {
        var sorted = values;
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}
