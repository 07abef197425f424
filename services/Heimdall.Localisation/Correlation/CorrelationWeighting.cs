namespace Heimdall.Localisation.Correlation;

/// <summary>
/// How the cross-spectrum is weighted before it is turned into a correlation (the generalised cross-correlation's
/// weighting). <see cref="BandLimited"/> is the default; the others exist to compare against (README.md, "Weighting").
/// </summary>
public enum CorrelationWeighting
{
    /// <summary>The cross-spectrum as it is, over the bins where the two captures are significantly coherent, with spectral lines (carriers, common spurs) left out.</summary>
    BandLimited,

    /// <summary>The cross-spectrum as it is, over the whole band (plain cross-correlation).</summary>
    Plain,

    /// <summary>Whitened over the whole band (PHAT: 1/|G_ab|).</summary>
    Phat,

    /// <summary><see cref="BandLimited"/>'s bins, with the lines kept.</summary>
    BandLimitedWithLines,

    /// <summary><see cref="BandLimited"/>'s bins, SCOT-whitened (1/√(G_aa·G_bb)).</summary>
    BandScot,

    /// <summary><see cref="BandLimited"/>'s bins, the maximum-likelihood (Hannan–Thomson) weight γ²/((1 − γ²)·|G_ab|).</summary>
    BandMaximumLikelihood,
}
