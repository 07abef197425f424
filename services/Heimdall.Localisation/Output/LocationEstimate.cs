using System.Text.Json.Serialization;

namespace Heimdall.Localisation.Output;

/// <summary>
/// What a localisation gives: a position with its 95 % error ellipse and GDOP (<see cref="LocationStatus.Located"/>),
/// the hyperbola of two receivers (<see cref="LocationStatus.Hyperbola"/>: no point), or the reason there is neither
/// (<see cref="LocationStatus.NotLocated"/>); always every pair's delay and every receiver's part. A point never comes
/// without its ellipse. Serialised by <see cref="LocationJson"/> with the names the API uses.
/// </summary>
public sealed record LocationEstimate
{
    /// <summary><c>located</c>, <c>hyperbola</c> or <c>not-located</c> (<see cref="LocationStatus"/>).</summary>
    public required string Status { get; init; }

    /// <summary>Why there is no point (null when located).</summary>
    public string? Reason { get; init; }

    /// <summary>Degrees north (WGS-84).</summary>
    public double? Latitude { get; init; }

    /// <summary>Degrees east (WGS-84).</summary>
    public double? Longitude { get; init; }

    /// <summary>Metres above the ellipsoid: the altitude constraint's value for a ground wave, estimated for line of sight.</summary>
    public double? AltitudeM { get; init; }

    /// <summary>The 95 % error ellipse of the horizontal position.</summary>
    public ErrorEllipse? Ellipse95 { get; init; }

    /// <summary>The horizontal covariance, m² (east-east, east-north, north-north).</summary>
    public HorizontalCovariance? Covariance { get; init; }

    /// <summary>Geometric dilution of precision of the receivers seen from the estimate.</summary>
    public double? Gdop { get; init; }

    /// <summary><c>ground-wave</c> or <c>line-of-sight</c>.</summary>
    public required string Propagation { get; init; }

    /// <summary>Speed along the path, m/s.</summary>
    public required double PropagationSpeedMps { get; init; }

    /// <summary>Every pair that was correlated: delay, its standard deviation and quality.</summary>
    public required IReadOnlyList<PairMeasurement> Pairs { get; init; }

    /// <summary>Every receiver given, used or not and why.</summary>
    public required IReadOnlyList<StationReport> Stations { get; init; }

    /// <summary>How it was computed, in one line.</summary>
    public required string Method { get; init; }

    /// <summary>The numbers of the processing: grid, overlap, segments.</summary>
    public ProcessingSummary? Processing { get; init; }

    /// <summary>The position fit's χ² and what was done with it.</summary>
    public FitSummary? Fit { get; init; }

    /// <summary>Other positions that fit the arrival times almost as well (χ² within 4 of the best, outside its 95 % ellipse): the mirror image across a line of nearly collinear receivers, the second crossing of two hyperbolae.</summary>
    public IReadOnlyList<AlternativePosition> Alternatives { get; init; } = [];

    /// <summary>Geometry, convergence and data warnings, one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The locus of each used pair's delay on the ground (the hyperbola of a pair), as lines.</summary>
    public IReadOnlyList<Hyperbola> Hyperbolae { get; init; } = [];

    /// <summary>
    /// The power-based region of the acquisition's calibrated receivers (method <c>power-based</c>), where TDoA gave no
    /// point; null when none was drawn (and then not written, so a TDoA estimate's JSON is unchanged).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Power.PowerRegionSummary? PowerRegion { get; init; }

    /// <summary>The likelihood map the search began with (large: not serialised with the estimate, see <see cref="LocationJson.HeatMap"/>).</summary>
    [JsonIgnore]
    public LikelihoodMap? HeatMap { get; init; }
}

/// <summary>Values of <see cref="LocationEstimate.Status"/>.</summary>
public static class LocationStatus
{
    public const string Located = "located";
    public const string Hyperbola = "hyperbola";
    public const string NotLocated = "not-located";
}

/// <summary>The 95 % error ellipse: semi-axes in metres, the major axis's orientation in degrees clockwise from north (0 to 180).</summary>
public sealed record ErrorEllipse(double SemiMajorM, double SemiMinorM, double OrientationDeg);

/// <summary>A horizontal covariance in a local east-north frame, m².</summary>
public sealed record HorizontalCovariance(double EastEast, double EastNorth, double NorthNorth);

/// <summary>
/// One pair of receivers: <see cref="DelaySeconds"/> is the arrival at <see cref="ReceiverB"/> minus that at
/// <see cref="ReceiverA"/> (null when the correlation found none), with its standard deviation.
/// </summary>
public sealed record PairMeasurement
{
    public required string ReceiverA { get; init; }

    public required string ReceiverB { get; init; }

    public int? ReceiverIdA { get; init; }

    public int? ReceiverIdB { get; init; }

    public double? DelaySeconds { get; init; }

    public double? SigmaSeconds { get; init; }

    public required bool Used { get; init; }

    /// <summary>Why the pair was not used (null when used).</summary>
    public string? Reason { get; init; }

    public required PairQuality Quality { get; init; }
}

/// <summary>How good a pair's delay is.</summary>
/// <param name="CrlbSeconds">The Cramér–Rao bound of the delay from the same spectra.</param>
/// <param name="PeakRatio">Highest correlation peak over the next one (null when there is no other).</param>
/// <param name="MeanCoherence">Mean magnitude-squared coherence over the band used.</param>
/// <param name="BandLowHz">Lowest frequency of the band used, relative to the tuned frequency.</param>
/// <param name="BandHighHz">Highest frequency of the band used.</param>
/// <param name="BandBins">Bins in the band.</param>
/// <param name="LineBins">Coherent bins left out as spectral lines.</param>
/// <param name="MaxDelaySeconds">The largest delay the baseline allows (baseline over the propagation speed).</param>
/// <param name="ClosureSeconds">The largest closure (d_ab + d_bc − d_ac) over the triplets this pair is in; null without one.</param>
/// <param name="ResidualSeconds">Measured minus fitted delay after the arrival-time fit.</param>
/// <param name="Alignment">|R| at the peak over Σ|a(f)|: 1 when every bin's phase lines up at the delay (below 0.5 the pair is rejected).</param>
public sealed record PairQuality(
    double? CrlbSeconds, double? PeakRatio, double MeanCoherence, double BandLowHz, double BandHighHz, int BandBins, int LineBins,
    double MaxDelaySeconds, double? ClosureSeconds, double? ResidualSeconds, double? Alignment);

/// <summary>One receiver: where it is, whether it was used and why not, and its timing.</summary>
public sealed record StationReport
{
    public required string Name { get; init; }

    public int? ReceiverId { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public double? AltitudeM { get; init; }

    public required bool Used { get; init; }

    /// <summary>Why the receiver was not used (null when used).</summary>
    public string? Reason { get; init; }

    /// <summary>The measured sample rate, Hz.</summary>
    public double? SampleRateHz { get; init; }

    /// <summary>Where its time came from (<c>gnss</c>, …); null without a clock.</summary>
    public string? TimingSource { get; init; }

    /// <summary>Its systematic timing error (1σ) as used: the clock's and the propagation model's, seconds.</summary>
    public double? TimingSigmaSeconds { get; init; }

    /// <summary>Arrival time relative to the reference receiver (the first used), seconds, after its fixed delay.</summary>
    public double? ArrivalSeconds { get; init; }

    /// <summary>Arrival time minus the fitted emission time and path delay, seconds.</summary>
    public double? ResidualSeconds { get; init; }

    /// <summary>The fixed delay subtracted, seconds.</summary>
    public double FixedDelaySeconds { get; init; }

    /// <summary>What was noticed about its capture (stamps left out, …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The processing's numbers.</summary>
/// <param name="StartUtc">UTC of the common grid's first sample.</param>
public sealed record ProcessingSummary(
    DateTimeOffset StartUtc, double OverlapSeconds, double SampleRateHz, double CenterFrequencyHz, int SegmentLength, int Segments, string Weighting);

/// <summary>The position fit: χ² of the arrival times (and altitude) against the model, its degrees of freedom, and the factor the covariance was scaled by.</summary>
public sealed record FitSummary(double ChiSquare, int DegreesOfFreedom, double CovarianceScale, int Iterations);

/// <summary>A second position that fits almost as well, with its own ellipse and χ².</summary>
public sealed record AlternativePosition(double Latitude, double Longitude, ErrorEllipse Ellipse95, HorizontalCovariance Covariance, double ChiSquare);

/// <summary>The ground locus of one pair's delay: one or more lines of [longitude, latitude] points (degrees, the GeoJSON order).</summary>
public sealed record Hyperbola(string ReceiverA, string ReceiverB, double DelaySeconds, IReadOnlyList<IReadOnlyList<double[]>> Lines);

/// <summary>
/// A likelihood map over a latitude/longitude grid: <see cref="Values"/>[row·Cols + col] is the log-likelihood at
/// latitude South + row·(North − South)/(Rows − 1) and longitude West + col·(East − West)/(Cols − 1), relative to its
/// maximum (0 at the maximum, −2 where the arrival times fit e² times less well).
/// </summary>
public sealed record LikelihoodMap(double South, double West, double North, double East, int Rows, int Cols, float[] Values);
