using Heimdall.Localisation.Input;
using Heimdall.Signal;
using Heimdall.Signal.Timing;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall analyze FILE.wav</c>: a kiwi-wav recording measured like a SigMF one (its samples are ci16_le), at the
/// rate its GNSS stamps measure (the file's nominal rate without usable GNSS), with the frequency from its file name,
/// and its time base in <c>timing</c>. The whole file is measured, the first block included.
/// </summary>
internal static class KiwiWavAnalysis
{
    public static async Task<AnalysisReport> MeasureAsync(string path, SpectrumOptions spectrum, double? calibrationDb, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(full, cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            throw new CommandFailedException($"file not found: {full}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot read {full}: {ex.Message}", ex);
        }

        try
        {
            var wav = KiwiWav.Parse(bytes);
            TimingReport timing;
            double? frequency = null;
            double rate = wav.NominalSampleRateHz;
            if (KiwiWavName.TryParse(full, out var name))
            {
                frequency = name!.FrequencyHz;
                var capture = KiwiWavCapture.Create(full, bytes, null);
                timing = TimingReport.From(capture.Clock, capture.ClockProblem, capture.Warnings);
                rate = capture.Clock?.SampleRateHz ?? rate;
            }
            else
            {
                timing = TimingReport.From(null, "the file name is not kiwirecorder's (YYYYMMDDTHHMMSSZ_FREQUENCY_STATION_iq.wav): without its UTC time the GPS week of the stamps is unknown", []);
            }

            var measurement = SignalAnalyzer.Measure(wav.Iq, SampleFormat.Ci16Le, rate, spectrum);
            var recording = new SigMfRecording(full, full, SampleFormat.Ci16Le.ToSigMf(), SampleFormat.Ci16Le, rate, frequency, [new SigMfCaptureSpan(0, 0, frequency)]);
            return AnalysisReport.Create(recording, [measurement], calibrationDb) with { Timing = timing };
        }
        catch (Exception ex) when (ex is IqDataException or ArgumentException)
        {
            throw new CommandFailedException($"{full}: not a kiwi-wav recording that can be measured: {ex.Message}", ex);
        }
    }
}
