namespace Heimdall.Signal;

/// <summary>
/// Which PSD bins belong to the signal (and so must not count as noise), and the occupied band.
/// See README.md: the occupied band is where the power above an initial (median) noise estimate accumulates
/// from 0.5 % to 99.5 %; the signal region is that band widened by <see cref="GuardBins"/> on each side,
/// plus the peak's main lobe, plus every bin far above the noise (discrete sidebands, spurs) with the same guard.
/// </summary>
internal sealed class SignalRegion
{
    /// <summary>Bins added on each side of the occupied band and of strong bins: at least the Hann main-lobe half width (2 bins).</summary>
    public const int GuardBins = 4;

    /// <summary>Half width of the Hann window's main lobe, in bins.</summary>
    public const int MainLobeHalfWidthBins = 2;

    /// <summary>A peak below this multiple of the median PSD means the capture is pure noise; bins above it are always signal.</summary>
    public const double DetectionFactor = 10;

    /// <summary>Only bins above this multiple of the median PSD add to the power accumulated for the occupied band.</summary>
    public const double ExcessFactor = 3;

    private const double LowerFraction = 0.005;
    private const double UpperFraction = 0.995;

    private readonly bool[] _isSignal;

    private SignalRegion(double initialNoiseDensity, int peakBin, int firstOccupiedBin, int lastOccupiedBin, bool[] isSignal)
    {
        InitialNoiseDensity = initialNoiseDensity;
        PeakBin = peakBin;
        FirstOccupiedBin = firstOccupiedBin;
        LastOccupiedBin = lastOccupiedBin;
        _isSignal = isSignal;
    }

    /// <summary>Median of all bins: the first, rough noise estimate the region is found with.</summary>
    public double InitialNoiseDensity { get; }

    /// <summary>Index of the highest PSD bin.</summary>
    public int PeakBin { get; }

    /// <summary>First bin of the 99 % occupied band (un-guarded).</summary>
    public int FirstOccupiedBin { get; }

    /// <summary>Last bin of the 99 % occupied band (un-guarded).</summary>
    public int LastOccupiedBin { get; }

    /// <summary>True if bin <paramref name="index"/> is part of the signal region (excluded from the noise floor).</summary>
    public bool IsSignal(int index) => _isSignal[index];

    /// <summary>Finds the signal region of a PSD (linear density, any units).</summary>
    public static SignalRegion Find(double[] density)
    {
        var n = density.Length;
        var peak = 0;
        for (var k = 1; k < n; k++)
        {
            if (density[k] > density[peak])
            {
                peak = k;
            }
        }

        var noise = Median(density);
        var isSignal = new bool[n];
        Mark(isSignal, peak - MainLobeHalfWidthBins, peak + MainLobeHalfWidthBins);
        if (!(density[peak] > DetectionFactor * noise))
        {
            return new SignalRegion(noise, peak, peak, peak, isSignal);
        }

        var total = 0.0;
        for (var k = 0; k < n; k++)
        {
            total += Excess(density[k], noise);
        }

        int first = -1, last = n - 1;
        var cumulative = 0.0;
        for (var k = 0; k < n; k++)
        {
            cumulative += Excess(density[k], noise);
            if (first < 0 && cumulative >= LowerFraction * total)
            {
                first = k;
            }

            if (cumulative >= UpperFraction * total)
            {
                last = k;
                break;
            }
        }

        Mark(isSignal, first - GuardBins, last + GuardBins);
        for (var k = 0; k < n; k++)
        {
            if (density[k] > DetectionFactor * noise)
            {
                Mark(isSignal, k - GuardBins, k + GuardBins);
            }
        }

        return new SignalRegion(noise, peak, first, last, isSignal);
    }

    private static double Excess(double density, double noise) =>
        density > ExcessFactor * noise ? density - noise : 0;

    private static void Mark(bool[] isSignal, int from, int to)
    {
        for (var k = Math.Max(0, from); k <= Math.Min(isSignal.Length - 1, to); k++)
        {
            isSignal[k] = true;
        }
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}
