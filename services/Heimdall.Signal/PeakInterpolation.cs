namespace Heimdall.Signal;

/// <summary>Sub-bin location of a spectral peak by Gaussian interpolation (a parabola through the logs of three bins).</summary>
internal static class PeakInterpolation
{
    /// <summary>
    /// Fractional bin index of the true peak near <paramref name="peakBin"/>, within ±0.5 bin of it.
    /// Returns <paramref name="peakBin"/> unchanged at the spectrum edges or when a neighbour is not positive.
    /// </summary>
    public static double Refine(double[] density, int peakBin)
    {
        if (peakBin <= 0 || peakBin >= density.Length - 1)
        {
            return peakBin;
        }

        var left = density[peakBin - 1];
        var centre = density[peakBin];
        var right = density[peakBin + 1];
        if (!(left > 0 && centre > 0 && right > 0))
        {
            return peakBin;
        }

        var a = Math.Log(left);
        var b = Math.Log(centre);
        var c = Math.Log(right);
        var curvature = a - (2 * b) + c;
        if (!(curvature < 0))
        {
            return peakBin;
        }

        var delta = 0.5 * (a - c) / curvature;
        return peakBin + Math.Clamp(delta, -0.5, 0.5);
    }
}
