using System.Text.Json;
using System.Text.Json.Serialization;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>
/// What <c>heimdall analyze</c> prints: the recording's metadata and its measurement (units in the names; see README.md).
/// A recording tuned to one frequency throughout is measured as a whole: the top-level metrics are that measurement and
/// <see cref="Captures"/> holds it once more. A recording that retunes has no single measurement: every top-level
/// metric (and <see cref="FrequencyHz"/>) is null, and <see cref="Captures"/> holds one measurement per frequency span.
/// <see cref="PassbandLowHz"/> and <see cref="PassbandHighHz"/> are the recording's <c>heimdall:passband</c>, the band its
/// receiver passed and inside which it was measured; null when it records none (measured over the whole band).
/// </summary>
public sealed record AnalysisReport(
    string Recording,
    string Datatype,
    double SampleRateHz,
    double? FrequencyHz,
    long SampleCount,
    int SegmentLength,
    int? SegmentCount,
    string FftBackend,
    bool? SignalDetected,
    double? SnrDb,
    double? FrequencyOffsetHz,
    double? SignalFrequencyHz,
    double? PowerDbfs,
    double? PowerDbm,
    double? NoiseFloorDbfsPerHz,
    double? PeakPsdDbfsPerHz,
    double? OccupiedBandwidthHz,
    double? ClippingFraction,
    IReadOnlyList<CaptureReport> Captures)
{
    /// <summary>The recording's GNSS time base as <c>heimdall locate</c> uses it, or why it has none (additive).</summary>
    public TimingReport? Timing { get; init; }

    /// <summary>Lower edge of the recording's <c>heimdall:passband</c>, Hz from the tuned frequency; null: none recorded, the whole band (additive).</summary>
    public double? PassbandLowHz { get; init; }

    /// <summary>Upper edge of the recording's <c>heimdall:passband</c>, Hz from the tuned frequency; null: none recorded, the whole band (additive).</summary>
    public double? PassbandHighHz { get; init; }

    /// <summary>
    /// Additive: the standard uncertainties of the top-level SNR (dB), offset (Hz) and power (dB), from the spectrum's
    /// statistics (Heimdall.Signal's README); null with the top-level metrics.
    /// </summary>
    public SignalUncertainty? Uncertainty { get; init; }

    /// <summary>
    /// The report of one measurement per span of <paramref name="recording"/> (<paramref name="measurements"/>, in span
    /// order); <paramref name="calibrationDb"/> (dBm at 0 dBFS) gives the dBm powers.
    /// </summary>
    public static AnalysisReport Create(SigMfRecording recording, IReadOnlyList<SignalMeasurement> measurements, double? calibrationDb)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(measurements);
        var captures = recording.Spans.Zip(measurements, (span, measured) => CaptureReport.Create(span, measured, calibrationDb)).ToList();
        var whole = measurements.Count == 1 ? measurements[0] : null;
        return new AnalysisReport(
            Recording: recording.MetaPath,
            Datatype: recording.Datatype,
            SampleRateHz: recording.SampleRateHz,
            FrequencyHz: whole is null ? null : recording.FrequencyHz,
            SampleCount: measurements.Sum(m => m.SampleCount),
            SegmentLength: measurements[0].SegmentLength,
            SegmentCount: whole?.SegmentCount,
            FftBackend: SignalAnalyzer.FftBackend.ToString().ToLowerInvariant(),
            SignalDetected: whole?.SignalDetected,
            SnrDb: whole?.SnrDb,
            FrequencyOffsetHz: whole?.FrequencyOffsetHz,
            SignalFrequencyHz: whole is null ? null : recording.FrequencyHz + whole.FrequencyOffsetHz,
            PowerDbfs: whole?.PowerDbfs,
            PowerDbm: whole?.PowerDbfs + calibrationDb,
            NoiseFloorDbfsPerHz: whole?.NoiseFloorDbfsPerHz,
            PeakPsdDbfsPerHz: whole?.PeakPsdDbfsPerHz,
            OccupiedBandwidthHz: whole?.OccupiedBandwidthHz,
            ClippingFraction: whole?.ClippingFraction,
            Captures: captures)
        {
            Timing = recording.Timing,
            Uncertainty = whole?.Uncertainty,
            PassbandLowHz = recording.Passband?.LowHz,
            PassbandHighHz = recording.Passband?.HighHz,
        };
    }
}

/// <summary>
/// The measurement of one span of capture segments at one frequency (<see cref="SigMfCaptureSpan"/>): from its
/// <see cref="SampleStart"/> to the next span's start (or the end of the data).
/// </summary>
public sealed record CaptureReport(
    int CaptureIndex,
    long SampleStart,
    long SampleCount,
    double? FrequencyHz,
    int SegmentCount,
    bool SignalDetected,
    double? SnrDb,
    double? FrequencyOffsetHz,
    double? SignalFrequencyHz,
    double PowerDbfs,
    double? PowerDbm,
    double NoiseFloorDbfsPerHz,
    double PeakPsdDbfsPerHz,
    double? OccupiedBandwidthHz,
    double ClippingFraction)
{
    public static CaptureReport Create(SigMfCaptureSpan span, SignalMeasurement measured, double? calibrationDb)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(measured);
        return new CaptureReport(
            span.CaptureIndex, span.SampleStart, measured.SampleCount, span.FrequencyHz, measured.SegmentCount, measured.SignalDetected,
            measured.SnrDb, measured.FrequencyOffsetHz, span.FrequencyHz + measured.FrequencyOffsetHz, measured.PowerDbfs,
            measured.PowerDbfs + calibrationDb, measured.NoiseFloorDbfsPerHz, measured.PeakPsdDbfsPerHz, measured.OccupiedBandwidthHz,
            measured.ClippingFraction);
    }
}

/// <summary>camelCase, indented, nulls written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AnalysisReport))]
public sealed partial class AnalysisReportJsonContext : JsonSerializerContext;
