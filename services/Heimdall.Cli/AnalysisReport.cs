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

    /// <summary>The first number that JSON cannot hold (NaN or infinite), by its JSON name, or null when every number is finite.</summary>
    public string? FirstNonFiniteField() =>
        new (string Name, double? Value)[]
        {
            ("snrDb", SnrDb), ("frequencyOffsetHz", FrequencyOffsetHz), ("powerDbfs", PowerDbfs),
            ("noiseFloorDbfsPerHz", NoiseFloorDbfsPerHz), ("peakPsdDbfsPerHz", PeakPsdDbfsPerHz),
            ("occupiedBandwidthHz", OccupiedBandwidthHz), ("clippingFraction", ClippingFraction),
        }.FirstOrDefault(f => f.Value is { } v && !double.IsFinite(v)).Name;
}

/// <summary>camelCase, indented, nulls written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AnalysisReport))]
public sealed partial class AnalysisReportJsonContext : JsonSerializerContext;
