using Heimdall.Localisation.Alignment;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Output;

namespace Heimdall.Localisation.Solving;

/// <summary>What one localisation carries through its steps: the captures, the options, the path model, and why each receiver set aside was.</summary>
internal sealed class Context(IReadOnlyList<StationCapture> captures, LocatorOptions options, Propagation propagation, Dictionary<int, string> reasons)
{
    public IReadOnlyList<StationCapture> Captures { get; } = captures;

    public LocatorOptions Options { get; } = options;

    public Propagation Propagation { get; } = propagation;

    /// <summary>Capture index → why it is not used.</summary>
    public Dictionary<int, string> Reasons { get; } = reasons;

    public const string Method =
        "TDoA: captures resampled to a common GNSS time grid, band-limited cross-correlation (spectral lines excised) with a sub-sample peak, "
        + "arrival times by generalised least squares over all pairs, position by Levenberg-Marquardt in time-of-arrival form on WGS-84 "
        + "seeded by a likelihood map";

    /// <summary>Each receiver's systematic timing error, 1σ: its clock's and the path model's.</summary>
    public double SystematicSigma(StationCapture capture)
    {
        var clock = capture.Clock?.SigmaSeconds ?? 0;
        var path = Options.PropagationSigmaSeconds ?? (Propagation.Mode == PropagationMode.GroundWave ? LocatorOptions.GroundWaveSigmaSeconds : 0);
        return Math.Sqrt((clock * clock) + (path * path));
    }

    /// <summary>An estimate without a point, saying why.</summary>
    public LocationEstimate NotLocated(string reason, List<PairMeasurement> pairs, ProcessingSummary? processing) => new()
    {
        Status = LocationStatus.NotLocated,
        Reason = reason,
        Propagation = Propagation.Name,
        PropagationSpeedMps = Propagation.SpeedMps,
        Pairs = pairs,
        Stations = StationReports(null, [], null, null),
        Method = Method,
        Processing = processing,
    };

    /// <summary>
    /// One report per capture: used when it is in <paramref name="component"/> (indices into the grid's members), with its
    /// arrival time and residual when known.
    /// </summary>
    public IReadOnlyList<StationReport> StationReports(
        CommonGrid.Result? grid, IReadOnlyList<int> component, ArrivalTimes.Result? times, double[]? residualSeconds)
    {
        var local = new Dictionary<int, int>();
        if (grid is not null)
        {
            for (var l = 0; l < component.Count; l++)
            {
                local[grid.Members[component[l]]] = l;
            }
        }

        return Captures.Select((capture, i) =>
        {
            var isUsed = local.TryGetValue(i, out var l);
            return new StationReport
            {
                Name = capture.Name,
                ReceiverId = capture.ReceiverId,
                Latitude = capture.Position?.Latitude,
                Longitude = capture.Position?.Longitude,
                AltitudeM = capture.Position?.AltitudeM,
                Used = isUsed,
                Reason = isUsed ? null : Reasons.GetValueOrDefault(i, "not used"),
                SampleRateHz = capture.Clock?.SampleRateHz,
                TimingSource = capture.Clock?.Source,
                TimingSigmaSeconds = capture.Clock is null ? null : SystematicSigma(capture),
                ArrivalSeconds = isUsed && times is not null ? times.Times[l] - capture.FixedDelaySeconds : null,
                ResidualSeconds = isUsed && residualSeconds is not null ? residualSeconds[l] : null,
                FixedDelaySeconds = capture.FixedDelaySeconds,
                Warnings = capture.Warnings,
            };
        }).ToList();
    }
}
