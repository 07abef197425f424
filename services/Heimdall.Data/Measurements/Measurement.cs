namespace Heimdall.Data.Measurements;

/// <summary>One row of <c>measurements</c>: a receiver's capture of an acquisition, its metrics and its recording.</summary>
public sealed record Measurement
{
    public required Guid AcquisitionId { get; init; }
    public required int ReceiverId { get; init; }
    public required DateTime CapturedAt { get; init; }
    public required double FrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public required long SampleCount { get; init; }
    public required bool SignalDetected { get; init; }
    public double? SnrDb { get; init; }
    public double? FrequencyOffsetHz { get; init; }
    public required double PowerDbfs { get; init; }
    public double? PowerDbm { get; init; }
    public required double NoiseFloorDbfsPerHz { get; init; }
    public required double PeakPsdDbfsPerHz { get; init; }
    public double? OccupiedBandwidthHz { get; init; }
    public required double ClippingFraction { get; init; }

    /// <summary><c>s3://bucket/acquisitions/{acquisitionId}/{receiverId}.sigmf-data</c>.</summary>
    public required string IqUri { get; init; }

    public required string IqSha512 { get; init; }

    /// <summary>
    /// How the capture's start time was obtained: <c>gnss</c>, <c>host-clock</c> or <c>recorded</c>
    /// (<see cref="Heimdall.Contracts.TimingSources"/>); null for rows stored before the column existed.
    /// </summary>
    public string? TimingSource { get; init; }

    /// <summary>The columns in this record's names, for Dapper.</summary>
    internal const string Columns = """
        acquisition_id as AcquisitionId, receiver_id as ReceiverId, captured_at as CapturedAt, frequency_hz as FrequencyHz,
        sample_rate_hz as SampleRateHz, sample_count as SampleCount, signal_detected as SignalDetected, snr_db as SnrDb,
        frequency_offset_hz as FrequencyOffsetHz, power_dbfs as PowerDbfs, power_dbm as PowerDbm,
        noise_floor_dbfs_hz as NoiseFloorDbfsPerHz, peak_psd_dbfs_hz as PeakPsdDbfsPerHz,
        occupied_bandwidth_hz as OccupiedBandwidthHz, clipping_fraction as ClippingFraction, iq_uri as IqUri, iq_sha512 as IqSha512,
        timing_source as TimingSource
        """;
}
