using Heimdall.Localisation.Correlation;
using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation;

/// <summary>What <see cref="Locator.Locate"/> may be told; every default is explained in README.md.</summary>
public sealed record LocatorOptions
{
    /// <summary>
    /// Per-receiver systematic error of the ground-wave path model, 1σ: 5 µs. Loran-C's additional secondary factors
    /// (the ground wave's extra delay over land, which the path model ignores) reach 5 µs (USCG Loran-C User Handbook),
    /// and a continuous signal's correlation cannot, as Loran's pulse does, keep the sky wave out.
    /// </summary>
    public const double GroundWaveSigmaSeconds = 5e-6;

    /// <summary>Altitude uncertainty for line of sight when none is given: 500 m.</summary>
    public const double LineOfSightAltitudeSigmaM = 500;

    public static LocatorOptions Default { get; } = new();

    /// <summary>The path model; null: by frequency (ground wave below 30 MHz, line of sight above).</summary>
    public PropagationMode? Propagation { get; init; }

    /// <summary>The speed along the path, m/s; null: c over the surface refractive index (<see cref="Geodesy.Propagation"/>).</summary>
    public double? PropagationSpeedMps { get; init; }

    /// <summary>Each receiver's systematic error of the path model, 1σ, seconds; null: <see cref="GroundWaveSigmaSeconds"/> for a ground wave, 0 for line of sight.</summary>
    public double? PropagationSigmaSeconds { get; init; }

    /// <summary>The altitude constraint's value, metres; null: 0 for a ground wave, the receivers' mean altitude for line of sight.</summary>
    public double? AltitudeM { get; init; }

    /// <summary>The altitude constraint's standard deviation, metres; null: <see cref="LineOfSightAltitudeSigmaM"/> (it does not matter for a ground wave).</summary>
    public double? AltitudeSigmaM { get; init; }

    /// <summary>The cross-spectrum weighting; the default is the one README.md justifies.</summary>
    public CorrelationWeighting Weighting { get; init; } = CorrelationWeighting.BandLimited;

    /// <summary>A pair whose highest correlation peak is less than this many times the next one is ambiguous and left out.</summary>
    public double MinimumPeakRatio { get; init; } = 1.1;

    /// <summary>How many of the likelihood map's best local maxima are refined.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Whether to trace each used pair's hyperbola for the output.</summary>
    public bool TraceHyperbolae { get; init; } = true;

    /// <summary>Throws when a value cannot be used (a σ that is not positive, a negative path σ, no seed).</summary>
    public void Validate()
    {
        if (AltitudeSigmaM is { } altitudeSigma)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(altitudeSigma, nameof(AltitudeSigmaM));
        }

        if (PropagationSigmaSeconds is { } pathSigma)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pathSigma, nameof(PropagationSigmaSeconds));
        }

        if (PropagationSpeedMps is { } speed)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed, nameof(PropagationSpeedMps));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Seeds, 1, nameof(Seeds));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumPeakRatio, nameof(MinimumPeakRatio));
    }
}
