using System.Text.Json;
using System.Text.Json.Serialization;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>What <c>heimdall analyze</c> prints: the recording's metadata and its measurement (units in the names; see README.md).</summary>
public sealed record AnalysisReport(
    string Recording,
    string Datatype,
    double SampleRateHz,
    double? FrequencyHz,
    long SampleCount,
    int SegmentLength,
    int SegmentCount,
    string FftBackend,
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
    /// <summary>The report of <paramref name="measurement"/>; <paramref name="calibrationDb"/> (dBm at 0 dBFS) gives <see cref="PowerDbm"/>.</summary>
    public static AnalysisReport Create(SigMfRecording recording, SignalMeasurement measurement, double? calibrationDb)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(measurement);
        return new AnalysisReport(
            Recording: recording.MetaPath,
            Datatype: recording.Datatype,
            SampleRateHz: recording.SampleRateHz,
            FrequencyHz: recording.FrequencyHz,
            SampleCount: measurement.SampleCount,
            SegmentLength: measurement.SegmentLength,
            SegmentCount: measurement.SegmentCount,
            FftBackend: SignalAnalyzer.FftBackend.ToString().ToLowerInvariant(),
            SignalDetected: measurement.SignalDetected,
            SnrDb: measurement.SnrDb,
            FrequencyOffsetHz: measurement.FrequencyOffsetHz,
            SignalFrequencyHz: recording.FrequencyHz + measurement.FrequencyOffsetHz,
            PowerDbfs: measurement.PowerDbfs,
            PowerDbm: measurement.PowerDbfs + calibrationDb,
            NoiseFloorDbfsPerHz: measurement.NoiseFloorDbfsPerHz,
            PeakPsdDbfsPerHz: measurement.PeakPsdDbfsPerHz,
            OccupiedBandwidthHz: measurement.OccupiedBandwidthHz,
            ClippingFraction: measurement.ClippingFraction);
    }
}

/// <summary>camelCase, indented, nulls written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AnalysisReport))]
public sealed partial class AnalysisReportJsonContext : JsonSerializerContext;
