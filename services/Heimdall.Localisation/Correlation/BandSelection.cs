using System.Numerics;

namespace Heimdall.Localisation.Correlation;

/// <summary>
/// Which bins of a pair's cross-spectrum carry their common signal. A bin is in the band when its magnitude-squared
/// coherence γ̂² exceeds what two independent noises give with probability 1 % anywhere in the spectrum
/// (P(γ̂² &gt; x) = (1 − x)^(K−1) for K independent segments, Bonferroni over the bins), and its cross-spectrum
/// stands at least 6 dB (4 times in magnitude) above the cross-spectrum's floor, its median over every bin: what is
/// common to most of the band, interference that both receivers pick up at the same instant (a local source, a spur
/// pattern of the receivers' own) or the residue of uncorrelated noise, is coherent too but is not the signal. When
/// the signal fills more than half the band the median lies on it; then fewer than 4 bins pass and every coherent bin
/// is taken instead. A spectral line is a component narrower than the Hann window's main lobe (4 bins): a
/// local maximum of the cross-spectrum's magnitude more than 10 times (10 dB) above it 3 bins away on either side,
/// which no component wider than the main lobe falls by; its bin and the two on each side are marked. Lines are
/// deterministic components (a carrier, a common spur): their coherence is near 1 whatever the modulation's, and with
/// the plain weighting their power would decide the peak.
/// </summary>
internal static class BandSelection
{
    public const double LineFactor = 10;

    /// <summary>How far above the cross-spectrum's floor (its median magnitude) a bin must stand to be in the band: 4, 6 dB.</summary>
    public const double FloorFactor = 4;
    private const int LineReach = 3;
    private const int LineGuard = 2;

    /// <summary>The coherence above which a bin is significantly coherent.</summary>
    public static double Threshold(double effectiveSegments, int bins) =>
        effectiveSegments <= 1 ? 1 : 1 - Math.Exp(Math.Log(0.01 / bins) / (effectiveSegments - 1));

    /// <summary>Per bin: in the band (coherent, above the floor, not a line); when fewer than 4 bins are, coherent and not a line.</summary>
    public static bool[] Band(Complex[] cross, bool[] coherent, bool[] lines)
    {
        var magnitude = cross.Select(Complex.Abs).ToArray();
        var sorted = magnitude.Order().ToArray();
        var floor = sorted[sorted.Length / 2];
        var band = new bool[cross.Length];
        for (var k = 0; k < band.Length; k++)
        {
            band[k] = coherent[k] && !lines[k] && magnitude[k] > FloorFactor * floor;
        }

        return band.Count(b => b) >= 4 ? band : coherent.Select((c, k) => c && !lines[k]).ToArray();
    }

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
        double At(int k) => magnitude[((k % n) + n) % n];
        var lines = new bool[n];
        for (var k = 0; k < n; k++)
        {
            var peak = At(k);
            if (candidates[k] && peak >= At(k - 1) && peak >= At(k + 1) && peak > LineFactor * Math.Max(At(k - LineReach), At(k + LineReach)))
            {
                for (var j = -LineGuard; j <= LineGuard; j++)
                {
                    lines[(((k + j) % n) + n) % n] = true;
                }
            }
        }

        return lines;
    }
}
