namespace Heimdall.Signal.Timing;

/// <summary>
/// Least-squares line through the GNSS stamps of a capture: stamp time (GPS nanoseconds) against the sample index of
/// the packet's first sample. The slope is the true sample period, so its inverse is the measured sample rate; the
/// intercept is the instant of sample 0, the capture's start; the residuals say how well the stamps agree with one
/// steady clock (stamp jitter, a solution update, a discontinuity).
/// </summary>
public sealed record KiwiTimingFit(double SampleRateHz, long StartGpsNanoseconds, double ResidualRmsNs, double ResidualMaxNs)
{
    /// <summary>Fits at least two stamps with distinct indices.</summary>
    public static KiwiTimingFit Fit(IReadOnlyList<long> sampleIndices, IReadOnlyList<long> gpsNanoseconds)
    {
        var n = sampleIndices.Count;
        if (n < 2 || gpsNanoseconds.Count != n)
        {
            throw new ArgumentException("a fit needs at least two stamps, one time per index", nameof(sampleIndices));
        }

        // Centred on the first stamp: ns offsets of a few minutes are exact in a double.
        var reference = gpsNanoseconds[0];
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += sampleIndices[i];
            meanY += gpsNanoseconds[i] - reference;
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = sampleIndices[i] - meanX;
            sxx += dx * dx;
            sxy += dx * (gpsNanoseconds[i] - reference - meanY);
        }

        if (sxx == 0)
        {
            throw new ArgumentException("the stamps' sample indices are all the same", nameof(sampleIndices));
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        double sumSquares = 0, max = 0;
        for (var i = 0; i < n; i++)
        {
            var residual = gpsNanoseconds[i] - reference - (intercept + (slope * sampleIndices[i]));
            sumSquares += residual * residual;
            max = Math.Max(max, Math.Abs(residual));
        }

        return new KiwiTimingFit(1e9 / slope, reference + (long)Math.Round(intercept), Math.Sqrt(sumSquares / n), max);
    }
    /// <summary>
    /// Fits the stamps that agree with one steady clock and leaves out those that do not (a stamp from a stale or reset
    /// solution, a week or hours off): a first line from medians (of the slopes between consecutive stamps, then of
    /// the intercepts) is not moved by a few wild stamps; stamps farther than <paramref name="toleranceNs"/> from it are
    /// set aside and the rest fitted by <see cref="Fit"/>, repeated until no kept stamp lies beyond the tolerance.
    /// </summary>
    /// <returns>The fit of the kept stamps (null when fewer than two agree) and the positions of the stamps left out.</returns>
    public static (KiwiTimingFit? Fit, IReadOnlyList<int> Outliers) FitRejectingOutliers(
        IReadOnlyList<long> sampleIndices, IReadOnlyList<long> gpsNanoseconds, double toleranceNs)
    {
        ArgumentNullException.ThrowIfNull(sampleIndices);
        ArgumentNullException.ThrowIfNull(gpsNanoseconds);
        var n = sampleIndices.Count;
        if (gpsNanoseconds.Count != n)
        {
            throw new ArgumentException("one time per index", nameof(gpsNanoseconds));
        }

        if (n < 2)
        {
            return (null, Enumerable.Range(0, n).ToList());
        }

        var reference = gpsNanoseconds[n / 2];
        var slopes = new List<double>(n - 1);
        for (var i = 1; i < n; i++)
        {
            if (sampleIndices[i] != sampleIndices[i - 1])
            {
                slopes.Add((gpsNanoseconds[i] - gpsNanoseconds[i - 1]) / (double)(sampleIndices[i] - sampleIndices[i - 1]));
            }
        }

        if (slopes.Count == 0)
        {
            return (null, Enumerable.Range(0, n).ToList());
        }

        var slope = Median(slopes);
        var intercept = Median(Enumerable.Range(0, n).Select(i => gpsNanoseconds[i] - reference - (slope * sampleIndices[i])).ToList());
        var kept = Enumerable.Range(0, n).Where(i => Math.Abs(gpsNanoseconds[i] - reference - intercept - (slope * sampleIndices[i])) <= toleranceNs).ToList();
        for (var round = 0; round < 8 && kept.Count >= 2 && kept.Select(i => sampleIndices[i]).Distinct().Skip(1).Any(); round++)
        {
            var fit = Fit(kept.Select(i => sampleIndices[i]).ToList(), kept.Select(i => gpsNanoseconds[i]).ToList());
            var periodNs = 1e9 / fit.SampleRateHz;
            var agreeing = Enumerable.Range(0, n)
                .Where(i => Math.Abs(gpsNanoseconds[i] - fit.StartGpsNanoseconds - (periodNs * sampleIndices[i])) <= toleranceNs).ToList();
            if (agreeing.SequenceEqual(kept))
            {
                return (fit, Enumerable.Range(0, n).Except(kept).ToList());
            }

            kept = agreeing;
        }

        return (null, Enumerable.Range(0, n).ToList());
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
