using System.Globalization;
using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.Signal;

namespace Heimdall.IqArchiver.SigMf;

/// <summary>
/// The .sigmf-meta of one capture (SigMF 1.2): core fields, the receiver's position as a GeoJSON point, one capture
/// segment, and the <c>heimdall</c> extension with the acquisition, the receiver and the metrics. Built only from the
/// message, so the same capture always gives the same bytes.
/// </summary>
public static class SigMfMetadata
{
    public const string SigMfVersion = "1.2.0";
    // 1.1: heimdall:metrics.signal_detected, null signal metrics when it is false; 1.2: heimdall:timing, a capture segment
    // per time stamp; 1.3: heimdall:passband, heimdall:metrics.basis and .uncertainty, heimdall:audio for ri16_le
    // recordings (demodulated audio, never IQ), the server's spectrum stored beside the recording (SpectrumMetadata).
    public const string ExtensionVersion = "1.3.0";

    public static byte[] Build(IqCaptured capture, string recorder)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, SigMfJsonEncoder.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("global");
            json.WriteString("core:datatype", capture.SampleFormat);
            json.WriteNumber("core:sample_rate", capture.SampleRateHz);
            json.WriteString("core:version", SigMfVersion);
            json.WriteString("core:sha512", capture.IqSha512);
            json.WriteString("core:recorder", recorder);
            json.WriteString("core:hw", $"{capture.Receiver.Name} ({capture.Receiver.Kind} receiver {capture.ReceiverId})");
            json.WriteString("core:description", capture.Audio is { } audio
                ? $"Heimdall acquisition {capture.AcquisitionId:D}, receiver {capture.ReceiverId} '{capture.Receiver.Name}': the server's demodulated {audio.Demodulator} audio (real samples, not IQ)"
                : $"Heimdall acquisition {capture.AcquisitionId:D}, receiver {capture.ReceiverId} '{capture.Receiver.Name}'");
            json.WriteString("core:collection", ArchiveKeys.CollectionBaseName);
            json.WriteStartObject("core:geolocation");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            json.WriteNumberValue(capture.Receiver.Longitude);
            json.WriteNumberValue(capture.Receiver.Latitude);
            if (capture.Receiver.AltitudeM is { } altitude)
            {
                json.WriteNumberValue(altitude);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("core:extensions");
            json.WriteStartObject();
            json.WriteString("name", "heimdall");
            json.WriteString("version", ExtensionVersion);
            json.WriteBoolean("optional", true);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("heimdall:acquisition_id", capture.AcquisitionId.ToString("D"));
            json.WriteNumber("heimdall:receiver_id", capture.ReceiverId);
            json.WriteString("heimdall:receiver_name", capture.Receiver.Name);
            json.WriteString("heimdall:receiver_kind", capture.Receiver.Kind);
            json.WriteNumber("heimdall:sample_count", capture.SampleCount);
            WriteMetrics(json, capture.Metrics);
            if (capture.Passband is { } passband)
            {
                WritePassband(json, passband);
            }

            if (capture.Timing is { } timing)
            {
                WriteTiming(json, timing);
            }

            if (capture.Audio is { } described)
            {
                WriteAudio(json, described);
            }

            json.WriteEndObject();
            WriteCaptures(json, capture);
            json.WriteStartArray("annotations");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// <c>heimdall:metrics</c>: every field always present, a number or JSON null, so every meta has the same keys.
    /// <c>signal_detected</c> false comes with null <c>snr_db</c>, <c>frequency_offset_hz</c> and
    /// <c>occupied_bandwidth_hz</c>; <c>power_dbm</c> is null for an uncalibrated receiver. The SigMF schema leaves
    /// extension fields of <c>global</c> open, and JSON readers (sigmf-python's json.load) give None for null.
    /// </summary>
    private static void WriteMetrics(Utf8JsonWriter json, SignalMetrics metrics)
    {
        json.WriteStartObject("heimdall:metrics");
        json.WriteBoolean("signal_detected", metrics.SignalDetected);
        WriteNumberOrNull(json, "snr_db", metrics.SnrDb);
        WriteNumberOrNull(json, "frequency_offset_hz", metrics.FrequencyOffsetHz);
        json.WriteNumber("power_dbfs", metrics.PowerDbfs);
        WriteNumberOrNull(json, "power_dbm", metrics.PowerDbm);
        json.WriteNumber("noise_floor_dbfs_per_hz", metrics.NoiseFloorDbfsPerHz);
        json.WriteNumber("peak_psd_dbfs_per_hz", metrics.PeakPsdDbfsPerHz);
        WriteNumberOrNull(json, "occupied_bandwidth_hz", metrics.OccupiedBandwidthHz);
        json.WriteNumber("clipping_fraction", metrics.ClippingFraction);
        json.WriteString("basis", metrics.Basis ?? MeasurementBases.Iq);
        if (metrics.Uncertainty is { } sigma)
        {
            json.WriteStartObject("uncertainty");
            WriteNumberOrNull(json, "snr_db", sigma.SnrDb);
            WriteNumberOrNull(json, "frequency_offset_hz", sigma.FrequencyOffsetHz);
            WriteNumberOrNull(json, "power_db", sigma.PowerDb);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("uncertainty");
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// <c>heimdall:audio</c> of a <c>ri16_le</c> recording: what the real samples are (a server's demodulated audio, never
    /// IQ): the demodulator, its passband relative to the dial, the dial (audio 0 Hz, also <c>core:frequency</c>), where
    /// the requested frequency is heard, whether the sideband is inverted, and how the server's coding was decoded.
    /// </summary>
    private static void WriteAudio(Utf8JsonWriter json, CapturedAudio audio)
    {
        json.WriteStartObject("heimdall:audio");
        json.WriteString("demodulator", audio.Demodulator);
        json.WriteNumber("passband_low_hz", audio.PassbandLowHz);
        json.WriteNumber("passband_high_hz", audio.PassbandHighHz);
        json.WriteNumber("dial_frequency_hz", audio.DialFrequencyHz);
        json.WriteNumber("requested_audio_frequency_hz", audio.RequestedAudioFrequencyHz);
        json.WriteBoolean("inverted", audio.Inverted);
        json.WriteString("decompression", audio.Decompression);
        json.WriteNumber("sync_losses", audio.SyncLosses);
        json.WriteEndObject();
    }

    /// <summary>
    /// <c>heimdall:passband</c>: the band the receiver passed (Hz from <c>core:frequency</c>), inside which the metrics were
    /// measured. Absent for captures from producers older than the field (their metrics are over the whole band).
    /// </summary>
    private static void WritePassband(Utf8JsonWriter json, CapturePassband passband)
    {
        json.WriteStartObject(SigMfPassband.Field);
        json.WriteNumber(SigMfPassband.Low, passband.LowHz);
        json.WriteNumber(SigMfPassband.High, passband.HighHz);
        json.WriteEndObject();
    }

    /// <summary>
    /// <c>heimdall:timing</c>: how <c>core:datetime</c> was obtained (<c>source</c>: gnss, host-clock, recorded) and what
    /// the receiver said about its clock. Absent for captures from producers older than the field.
    /// </summary>
    private static void WriteTiming(Utf8JsonWriter json, CaptureTiming timing)
    {
        json.WriteStartObject("heimdall:timing");
        json.WriteString("source", timing.Source);
        WriteNumberOrNull(json, "measured_sample_rate_hz", timing.MeasuredSampleRateHz);
        WriteNumberOrNull(json, "announced_sample_rate_hz", timing.AnnouncedSampleRateHz);
        WriteNumberOrNull(json, "stamp_residual_rms_ns", timing.StampResidualRmsNs);
        WriteNumberOrNull(json, "stamp_residual_max_ns", timing.StampResidualMaxNs);
        json.WriteNumber("stamp_count", timing.Stamps.Length);
        json.WriteNumber("sequence_gaps", timing.SequenceGaps);
        WriteNumberOrNull(json, "gnss_solution_age_s", timing.GnssSolutionAgeSeconds);
        WriteNumberOrNull(json, "attempts", timing.Attempts);
        if (timing.ReceiverVersion is { } version)
        {
            json.WriteString("receiver_version", version);
        }
        else
        {
            json.WriteNull("receiver_version");
        }

        json.WriteStartArray("warnings");
        foreach (var warning in timing.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// One capture segment at sample 0 with the capture's start; with time stamps (KiwiSDR GNSS), one segment per stamp
    /// instead, each at its <c>core:sample_start</c> with that sample's <c>core:datetime</c>, so a reader has every stamp.
    /// </summary>
    private static void WriteCaptures(Utf8JsonWriter json, IqCaptured capture)
    {
        var stamps = capture.Timing?.Stamps is { Length: > 0 } given && given[0].SampleIndex == 0
            ? given
            : [new CaptureTimeStamp { SampleIndex = 0, Utc = capture.CaptureStartUtc }, .. capture.Timing?.Stamps ?? []];
        json.WriteStartArray("captures");
        foreach (var stamp in stamps)
        {
            json.WriteStartObject();
            json.WriteNumber("core:sample_start", stamp.SampleIndex);
            json.WriteNumber("core:frequency", capture.Audio?.DialFrequencyHz ?? capture.FrequencyHz);
            json.WriteString("core:datetime", DateTime(stamp.Utc));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>UTC to the microsecond, or to the 100 ns tick when the instant has one (GNSS stamps).</summary>
    internal static string DateTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(instant.UtcTicks % 10 == 0 ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
