namespace Heimdall.Localisation.Power;

/// <summary>
/// The log-distance path-loss model with log-normal shadowing that a power-based region assumes:
/// <c>P_i = A − 10·n·log10(d_i / 1 m) + X_i</c>, where <c>P_i</c> is receiver i's calibrated received power (dBm),
/// <c>A</c> the unknown transmitted power less the loss at 1 m (dBm; a nuisance, profiled out), <c>d_i</c> the
/// horizontal distance from the transmitter, and <c>X_i ~ N(0, σ²)</c> the shadowing, independent between receivers.
/// </summary>
/// <param name="Exponent">
/// <c>n</c>. Default 3.0: free space is 2; Hata's model at VHF/UHF over open and suburban ground gives a slope of
/// 44.9 − 6.55·log10(h_b) dB per decade, 35 dB (n ≈ 3.5) for a 30 m antenna and 32 dB (n ≈ 3.2) for 100 m; hill-top
/// receivers with line of sight to parts of the plain (the seeded network) lie between, nearer 2.5–3. A wrong exponent
/// biases the region (towards the strongest receiver when n is too small): state what the terrain supports.
/// </param>
/// <param name="ShadowingSigmaDb">
/// <c>σ</c> of the shadowing. Default 8 dB: the spread of measured path loss about a log-distance fit is 6–10 dB in
/// macro-cell measurements (Rappaport, <i>Wireless Communications</i>, §4.9; Okumura's and COST-231's data), 8 dB the
/// usual planning figure. It also absorbs antenna gains and cable losses the calibration does not know.
/// </param>
/// <param name="MinimumDistanceM">
/// Distances below this are taken as this (the model's far-field floor, and no infinite power at a receiver's own
/// position). Default 100 m.
/// </param>
public sealed record PathLossModel(double Exponent = 3.0, double ShadowingSigmaDb = 8.0, double MinimumDistanceM = 100)
{
    public static PathLossModel Default { get; } = new();

    /// <summary>The problems of this model, each naming its field; empty when it can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(Exponent is >= 1 and <= 6))
        {
            problems.Add(FormattableString.Invariant($"exponent must be between 1 and 6 (got {Exponent})."));
        }

        if (!(ShadowingSigmaDb is > 0 and <= 30))
        {
            problems.Add(FormattableString.Invariant($"shadowingSigmaDb must be > 0 and ≤ 30 (got {ShadowingSigmaDb})."));
        }

        if (!(MinimumDistanceM is > 0 and <= 100_000))
        {
            problems.Add(FormattableString.Invariant($"minimumDistanceM must be > 0 and ≤ 100000 (got {MinimumDistanceM})."));
        }

        return problems;
    }

    /// <summary>The path loss beyond 1 m at <paramref name="distanceM"/> (dB), with the distance floor.</summary>
    public double LossDb(double distanceM) => 10 * Exponent * Math.Log10(Math.Max(distanceM, MinimumDistanceM));
}
