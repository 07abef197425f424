using System.Globalization;
using System.Text.Json;
using Heimdall.Contracts;

namespace Heimdall.IqArchiver.SigMf;

/// <summary>
/// The .sigmf-meta of the spectrum a server sent beside a capture (OpenWebRX's FFT lines), stored as a SigMF recording of
/// real float32 values with one channel per FFT bin: <c>core:datatype</c> <c>rf32_le</c>, <c>core:num_channels</c> the
/// FFT size (so a sample is a line, its channels the bins ascending from centre − rate/2), <c>core:sample_rate</c> the
/// lines' mean rate, one capture segment per line at its arrival, and <c>heimdall:spectrum</c> saying what the values are
/// (dB on the server's scale: 10·log10|X|² plus its level offset, its window, its bin width) with the S-meter readings.
/// </summary>
public static class SpectrumMetadata
{
    public static byte[] Build(IqCaptured capture, CapturedSpectrum spectrum, string sha512, string recorder)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(spectrum);
        var lines = spectrum.LineArrivalsUtc;
        var span = lines.Length > 1 ? (lines[^1] - lines[0]).TotalSeconds : 0;
        var lineRate = span > 0 ? (lines.Length - 1) / span : 1;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, SigMfJsonEncoder.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("global");
            json.WriteString("core:datatype", "rf32_le");
            json.WriteNumber("core:sample_rate", lineRate);
            json.WriteNumber("core:num_channels", spectrum.FftSize);
            json.WriteString("core:version", SigMfMetadata.SigMfVersion);
            json.WriteString("core:sha512", sha512);
            json.WriteString("core:recorder", recorder);
            json.WriteString("core:hw", $"{capture.Receiver.Name} ({capture.Receiver.Kind} receiver {capture.ReceiverId})");
            json.WriteString("core:description", string.Create(CultureInfo.InvariantCulture,
                $"Heimdall acquisition {capture.AcquisitionId:D}, receiver {capture.ReceiverId} '{capture.Receiver.Name}': the server's spectrum, one sample per FFT line, one channel per bin (dB), not IQ"));
            json.WriteStartArray("core:extensions");
            json.WriteStartObject();
            json.WriteString("name", "heimdall");
            json.WriteString("version", SigMfMetadata.ExtensionVersion);
            json.WriteBoolean("optional", true);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("heimdall:acquisition_id", capture.AcquisitionId.ToString("D"));
            json.WriteNumber("heimdall:receiver_id", capture.ReceiverId);
            json.WriteStartObject("heimdall:spectrum");
            json.WriteString("unit", "dB: 10·log10(|X|²) + level_offset_db, X the server's windowed FFT of full-scale samples");
            json.WriteNumber("center_frequency_hz", spectrum.CenterFrequencyHz);
            json.WriteNumber("sample_rate_hz", spectrum.SampleRateHz);
            json.WriteNumber("fft_size", spectrum.FftSize);
            json.WriteNumber("bin_hz", spectrum.SampleRateHz / spectrum.FftSize);
            json.WriteNumber("first_bin_frequency_hz", spectrum.CenterFrequencyHz - (spectrum.SampleRateHz / 2));
            json.WriteString("window", spectrum.Window);
            json.WriteNumber("level_offset_db", spectrum.LevelOffsetDb);
            json.WriteString("compression", spectrum.Compression);
            json.WriteNumber("lines", lines.Length);
            json.WriteEndObject();
            json.WriteStartArray("heimdall:smeter");
            foreach (var reading in spectrum.SMeter)
            {
                json.WriteStartObject();
                json.WriteString("datetime", SigMfMetadata.DateTime(reading.ArrivalUtc));
                json.WriteNumber("power", reading.Power);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("captures");
            for (var line = 0; line < lines.Length; line++)
            {
                json.WriteStartObject();
                json.WriteNumber("core:sample_start", line);
                json.WriteNumber("core:frequency", spectrum.CenterFrequencyHz);
                json.WriteString("core:datetime", SigMfMetadata.DateTime(lines[line]));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("annotations");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
