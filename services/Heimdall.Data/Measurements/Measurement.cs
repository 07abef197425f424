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

    /// <summary><c>iq</c>, <c>audio</c> or <c>spectrum</c>: what the metrics were made from (<c>iq</c> for rows stored before the column).</summary>
    public string Basis { get; init; } = "iq";

    /// <summary>One-sigma standard uncertainty of the SNR, dB; null where none was stated (no signal, or a row stored before the column).</summary>
    public double? SnrSigmaDb { get; init; }

    /// <summary>One-sigma standard uncertainty of the frequency offset, Hz; null where none was stated.</summary>
    public double? FrequencyOffsetSigmaHz { get; init; }

    /// <summary>One-sigma standard uncertainty of the power (dBFS, and of dBm beyond the calibration's own), dB; null where none was stated.</summary>
    public double? PowerSigmaDb { get; init; }

    /// <summary>
    /// Every warning the capture earned (also in its recording's <c>heimdall:timing.warnings</c>), one sentence each;
    /// empty when it earned none, and for rows stored before the column (migration 017; <see cref="Attempts"/> is then null).
    /// </summary>
    public string[] Warnings { get; init; } = [];

    /// <summary>How many attempts the receiver took to deliver the capture (1: the first); null when unknown (rows stored before the column, older producers).</summary>
    public int? Attempts { get; init; }

    /// <summary>The columns in this record's names, for Dapper.</summary>
    internal const string Columns = """
        acquisition_id as AcquisitionId, receiver_id as ReceiverId, captured_at as CapturedAt, frequency_hz as FrequencyHz,
        sample_rate_hz as SampleRateHz, sample_count as SampleCount, signal_detected as SignalDetected, snr_db as SnrDb,
        frequency_offset_hz as FrequencyOffsetHz, power_dbfs as PowerDbfs, power_dbm as PowerDbm,
        noise_floor_dbfs_hz as NoiseFloorDbfsPerHz, peak_psd_dbfs_hz as PeakPsdDbfsPerHz,
        occupied_bandwidth_hz as OccupiedBandwidthHz, clipping_fraction as ClippingFraction, iq_uri as IqUri, iq_sha512 as IqSha512,
        timing_source as TimingSource,
        coalesce(basis, 'iq') as Basis, snr_sigma_db as SnrSigmaDb, frequency_offset_sigma_hz as FrequencyOffsetSigmaHz,
        power_sigma_db as PowerSigmaDb, coalesce(warnings, '{}') as Warnings, attempts::integer as Attempts
        """;
}
