namespace Heimdall.Receivers.KiwiSdr;

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
}
