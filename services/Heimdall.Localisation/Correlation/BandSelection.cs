using System.Numerics;

namespace Heimdall.Localisation.Correlation;

/// <summary>
/// Which bins of a pair's cross-spectrum carry their common signal. A bin is in the band when its magnitude-squared
/// coherence γ̂² exceeds what two independent noises give with probability 1 % anywhere in the spectrum
/// (P(γ̂² &gt; x) = (1 − x)^(K−1) for K independent segments, Bonferroni over the bins). A bin is a spectral line
/// when the cross-spectrum's magnitude exceeds 10 times its median over the 33 bins around it (a continuum's
/// magnitude, averaged over K ≥ 8 segments, gets there with negligible probability); the line's bin and the two on each
/// side (the Hann window's main lobe) are marked. Lines are deterministic components (a carrier, a common spur): their
/// coherence is near 1 whatever the modulation's, and with the plain weighting their power would decide the peak.
/// </summary>
internal static class BandSelection
{
    public const double LineFactor = 10;
    private const int LineHalfWidth = 16;
    private const int LineGuard = 2;

    /// <summary>The coherence above which a bin is significantly coherent.</summary>
    public static double Threshold(double effectiveSegments, int bins) =>
        effectiveSegments <= 1 ? 1 : 1 - Math.Exp(Math.Log(0.01 / bins) / (effectiveSegments - 1));

    /// <summary>Per bin: significantly coherent.</summary>
    public static bool[] Coherent(CrossSpectra spectra, int pair)
    {
        var (a, b) = spectra.Pairs[pair];
        var threshold = Threshold(spectra.EffectiveSegments, spectra.SegmentLength);
        var band = new bool[spectra.SegmentLength];
        for (var k = 0; k < band.Length; k++)
        {
            band[k] = Coherence(spectra, pair, a, b, k) > threshold;
        }

        return band;
    }

    public static double Coherence(CrossSpectra spectra, int pair, int a, int b, int bin)
    {
        var denominator = spectra.Auto[a][bin] * spectra.Auto[b][bin];
        return denominator > 0 ? Complex.Abs(spectra.Cross[pair][bin]) * Complex.Abs(spectra.Cross[pair][bin]) / denominator : 0;
    }

    /// <summary>Per bin: part of a spectral line of the pair's cross-spectrum (looked for only where <paramref name="candidates"/> is true).</summary>
    public static bool[] Lines(Complex[] cross, bool[] candidates)
    {
        var n = cross.Length;
        var magnitude = cross.Select(Complex.Abs).ToArray();
        var lines = new bool[n];
        var window = new double[(2 * LineHalfWidth) + 1];
        for (var k = 0; k < n; k++)
        {
            if (!candidates[k])
            {
                continue;
            }

            for (var j = -LineHalfWidth; j <= LineHalfWidth; j++)
            {
                window[j + LineHalfWidth] = magnitude[(k + j + n) % n];
            }

            Array.Sort(window);
            if (magnitude[k] > LineFactor * window[LineHalfWidth])
            {
                for (var j = -LineGuard; j <= LineGuard; j++)
                {
                    lines[(k + j + n) % n] = true;
                }
            }
        }

        return lines;
    }
}
